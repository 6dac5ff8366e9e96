/**
 * Turns off zod's JIT (https://zod.dev, `z.config({ jitless: true })`) in the local agent
 * process. zod compiles a specialised parser with `new Function` for each object schema the first
 * time it parses; that pays off over many parses, but an agent lives one iteration and parses a
 * handful of messages with each schema, so the compiling is pure start-up cost.
 *
 * zod reads the setting when a schema is built, so this module must be evaluated before any
 * module that builds one: it is main.ts's first import.
 */
import { z } from 'zod';

z.config({ jitless: true });
