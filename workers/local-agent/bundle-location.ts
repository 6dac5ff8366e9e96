/** Folder of the local agent's bundle under dist/ (written by build-bundle.ts, run by `npm run build`). */
export const LOCAL_AGENT_BUNDLE_DIR = 'workers/local-agent/bundle';
