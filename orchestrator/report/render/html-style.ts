/** The report's stylesheet, inlined in the page (nothing is fetched when the report is opened). */
export const REPORT_CSS = `
:root { color-scheme: light; --fg:#1d1d1f; --muted:#6b6b70; --line:#e3e3e6; --bg:#fff; --alt:#f7f7f9; --good:#2e7d32; --bad:#c62828; --warn:#b26a00; --link:#1f6feb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 20px 32px 8px; border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0 0 8px; color: var(--muted); }
nav a { margin-right: 14px; }
main { padding: 8px 32px 48px; max-width: 1400px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 8px; }
h4, h5 { font-size: 13px; margin: 14px 0 6px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--alt); border: 1px solid var(--line); padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; }
.good { color: var(--good); } .bad { color: var(--bad); } .warn { color: var(--warn); } .muted { color: var(--muted); }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 6px 0 10px; }
dl.fields dt { color: var(--muted); }
dl.fields dd { margin: 0; }
.table-wrap { overflow-x: auto; margin: 6px 0 12px; }
#iterations-wrap { max-height: 75vh; overflow: auto; border: 1px solid var(--line); }
table { border-collapse: collapse; font-size: 13px; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--alt); position: sticky; top: 0; z-index: 1; font-weight: 600; }
td.r, th.r { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fbfbfc; }
td.nw { white-space: nowrap; }
td.long { max-width: 440px; overflow-wrap: anywhere; }
figure.chart { margin: 10px 0 18px; }
figure.chart figcaption { font-weight: 600; margin-bottom: 4px; }
figure.chart svg { max-width: 100%; height: auto; border: 1px solid var(--line); }
figure.chart p { margin: 2px 0; color: var(--muted); font-size: 12px; }
section.warn { border-left: 4px solid var(--warn); padding-left: 12px; background: #fffaf0; }
details.section { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; padding: 0 12px; }
details.section[open] { padding-bottom: 8px; }
details.section > summary { cursor: pointer; padding: 6px 0; }
details.section > summary .title { font-weight: 600; margin-right: 8px; }
details.section > summary .sub { color: var(--muted); }
details.section:target { outline: 2px solid #f0c000; }
`;
