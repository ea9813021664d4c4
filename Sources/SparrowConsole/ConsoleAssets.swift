import Hummingbird

// MARK: - ConsoleAssets

/// The console's stylesheet and its one script, served from the binary (no files to install, no inline code for
/// the CSP to allow). The script only adds keyboard movement; every page works without it.
enum ConsoleAssets {
  static func response(_ text: String, type: String) -> Response {
    Response(
      status: .ok, headers: [.contentType: "\(type); charset=utf-8", .cacheControl: "max-age=300"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
  }

  static let css = """
    :root { --critical: #a4161a; --warning: #b35c00; --info: #1d4e89; --ink: #1b1b1b; --line: #d0d4d9; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: var(--ink); background: #f6f7f9; }
    header.top { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.2rem; background: #12355b; color: #fff; }
    header.top a { color: #fff; text-decoration: none; }
    header.top nav a { margin-right: 1rem; }
    header.top nav a[aria-current] { text-decoration: underline; }
    .brand { font-weight: 700; font-size: 1.1rem; }
    .who { margin-left: auto; opacity: .9; }
    .disclaimer { margin: 0; padding: .3rem 1.2rem; background: #e8eef5; font-size: .85rem; }
    main { padding: 1rem 1.2rem 3rem; max-width: 1280px; }
    h1 { font-size: 1.35rem; margin: .4rem 0 .8rem; }
    h2 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
    table { border-collapse: collapse; width: 100%; background: #fff; }
    th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .badge { display: inline-block; padding: 0 .4rem; border-radius: .3rem; color: #fff; font-size: .8rem; text-transform: uppercase; }
    .badge.critical { background: var(--critical); } .badge.warning { background: var(--warning); }
    .badge.info { background: var(--info); } .badge.due { background: #5a2a82; }
    ul.buckets { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; margin: 0 0 1rem; }
    a.bucket { display: block; padding: .4rem .8rem; background: #fff; border: 1px solid var(--line); border-radius: .4rem; color: var(--ink); text-decoration: none; }
    a.bucket strong { font-size: 1.1rem; margin-left: .3rem; }
    a.bucket.critical strong { color: var(--critical); } a.bucket.warning strong { color: var(--warning); }
    form.filters { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; margin-bottom: 1rem; }
    form.filters label { display: flex; flex-direction: column; font-size: .85rem; }
    tr.patient-row th { background: #eef1f4; font-weight: 600; }
    tr.item:focus-within, tr.item.selected { outline: 2px solid #12355b; }
    .unknown { color: var(--warning); font-weight: 600; }
    form.action fieldset { border: 1px solid var(--line); background: #fff; margin: 0 0 .8rem; }
    form.action label { display: inline-flex; flex-direction: column; margin: .2rem .8rem .2rem 0; }
    form.action textarea { width: 28rem; max-width: 100%; }
    .notice { background: #e3f4e1; border: 1px solid #9ccc95; padding: .4rem .6rem; }
    .error { background: #fbe3e3; border: 1px solid #e0a0a0; padding: .4rem .6rem; }
    svg.plot { width: 100%; max-width: 640px; background: #fff; border: 1px solid var(--line); }
    svg.plot .line { fill: none; stroke: #12355b; stroke-width: 2; }
    svg.plot .dot { fill: #12355b; } svg.plot .lower-bound { fill: #fff; stroke: var(--warning); stroke-width: 2; }
    svg.plot .current { stroke: var(--critical); stroke-width: 3; }
    svg.plot .guide { stroke: #999; stroke-dasharray: 4 3; } svg.plot text { font-size: 11px; fill: #555; }
    tr.anomaly td { background: #fff4e0; }
    .keys { font-size: .8rem; color: #555; }
    dl { display: grid; grid-template-columns: 10rem 1fr; gap: .2rem .8rem; }
    dt { font-weight: 600; }
    """

  static let script = """
    // Keyboard movement on the worklist: j / k select the next / previous advisory, Enter opens it.
    document.addEventListener('keydown', function (event) {
      if (event.target.closest('input, select, textarea') || event.altKey || event.ctrlKey || event.metaKey) return;
      var links = Array.prototype.slice.call(document.querySelectorAll('a.open'));
      if (links.length === 0) return;
      var current = links.indexOf(document.activeElement);
      if (event.key === 'j') { links[Math.min(links.length - 1, current + 1)].focus(); event.preventDefault(); }
      if (event.key === 'k') { links[Math.max(0, current - 1)].focus(); event.preventDefault(); }
    });
    """
}
