/** The widget's own styles, inside its shadow root: the host page's CSS cannot reach in, and ours cannot leak out. */
export const styles = `
:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.bubble{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:var(--accent);color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483000;display:flex;align-items:center;justify-content:center}
.bubble:focus-visible,button:focus-visible,textarea:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.badge{position:absolute;top:-4px;right:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#d93025;color:#fff;font-size:12px;line-height:22px;text-align:center}
.panel{position:fixed;right:20px;bottom:88px;width:360px;max-width:calc(100vw - 40px);height:520px;max-height:calc(100vh - 120px);background:#fff;color:#1f2328;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden;z-index:2147483000;font-size:14px}
.panel[hidden]{display:none}
header{background:var(--accent);color:#fff;padding:14px 16px;display:flex;align-items:center;justify-content:space-between}
header h2{margin:0;font-size:16px;font-weight:600}
header button{background:transparent;border:0;color:#fff;font-size:22px;line-height:1;cursor:pointer;padding:2px 6px;border-radius:6px}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f6f8fa}
.greeting{align-self:center;text-align:center;color:#57606a;font-size:13px;margin:4px 8px}
.row{display:flex;gap:8px;align-items:flex-end;max-width:85%}
.row.visitor{align-self:flex-end;flex-direction:row-reverse}
.avatar{width:28px;height:28px;border-radius:50%;background:#d0d7de;color:#1f2328;font-size:12px;font-weight:600;display:flex;align-items:center;justify-content:center;flex:none;overflow:hidden}
.avatar img{width:100%;height:100%;object-fit:cover}
.msg{padding:8px 12px;border-radius:14px;background:#fff;border:1px solid #d0d7de;white-space:pre-wrap;word-wrap:break-word;overflow-wrap:anywhere}
.visitor .msg{background:var(--accent);color:#fff;border-color:transparent}
.author{font-size:12px;color:#57606a;margin-bottom:2px}
.msg img{display:block;max-width:220px;max-height:220px;border-radius:8px;margin:4px 0}
.msg a{color:inherit;display:block;margin:2px 0 4px}
.msg.deleted{font-style:italic;opacity:.7}
.msg.failed{border:1px dashed #d93025}
.error{color:#d93025;font-size:12px;margin:0 12px 6px}
form{display:flex;gap:6px;padding:10px;border-top:1px solid #d0d7de;align-items:flex-end;background:#fff}
textarea{flex:1;resize:none;border:1px solid #d0d7de;border-radius:10px;padding:8px 10px;font-size:14px;max-height:120px;min-height:38px;color:#1f2328;background:#fff}
.icon{border:0;background:transparent;cursor:pointer;padding:8px;border-radius:8px;color:#57606a;font-size:18px;line-height:1}
.send{border:0;background:var(--accent);color:#fff;border-radius:10px;padding:9px 14px;cursor:pointer;font-size:14px}
.file-name{font-size:12px;color:#57606a;padding:0 12px 6px}
.prechat{padding:16px;display:flex;flex-direction:column;gap:10px;border:0;background:#fff}
.prechat label{display:flex;flex-direction:column;gap:4px;font-size:13px;color:#57606a}
.prechat input{border:1px solid #d0d7de;border-radius:8px;padding:8px 10px;font-size:14px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
