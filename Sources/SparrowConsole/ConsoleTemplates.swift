// MARK: - ConsoleTemplates

/// The console's Mustache templates. Every value goes through `{{…}}`, which HTML-escapes; the unescaped forms
/// (triple braces, `&`) are never used, and a test holds every template to that.
enum ConsoleTemplates {
  static let all: [String: String] = [
    "header": header, "footer": footer, "refusal": refusal, "worklist": worklist, "advisory": advisory,
    "handover": handover, "scorecard": scorecard, "failure": failure,
  ]

  static let header = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · Sparrow</title>
    <link rel="stylesheet" href="/static/console.css">
    <script src="/static/console.js" defer></script>
    </head>
    <body>
    <header class="top">
    <a class="brand" href="/">Sparrow</a>
    <nav>
    <a href="/" accesskey="w"{{#onWorklist}} aria-current="page"{{/onWorklist}}>Worklist</a>
    <a href="/handover" accesskey="h"{{#onHandover}} aria-current="page"{{/onHandover}}>Handover</a>
    <a href="/scorecard" accesskey="s"{{#onScorecard}} aria-current="page"{{/onScorecard}}>Rule scorecard</a>
    </nav>
    <span class="who" id="signed-in">{{user}} · {{roleText}}</span>
    </header>
    <p class="disclaimer">Decision support: an advisory informs a clinician and never orders anything.</p>
    <main>
    {{#notice}}<p class="notice" role="status" id="notice">{{notice}}</p>{{/notice}}

    """

  static let footer = """
    </main>
    </body>
    </html>

    """

  static let refusal = """
    <!doctype html>
    <html lang="en">
    <head><meta charset="utf-8"><title>{{title}} · Sparrow</title><link rel="stylesheet" href="/static/console.css"></head>
    <body><main><h1>{{title}}</h1><p id="refusal">{{message}}</p></main></body>
    </html>

    """

  static let failure = """
    {{> header}}
    <h1>Not recorded</h1>
    <p class="error" id="failure">{{message}}</p>
    <p><a href="{{back}}">Back</a></p>
    {{> footer}}
    """

  static let worklist = """
    {{> header}}
    <h1>Worklist</h1>
    <ul class="buckets" id="buckets">
    {{#buckets}}<li><a href="{{href}}" class="bucket {{kind}}" data-bucket="{{kind}}">{{label}} <strong>{{count}}</strong></a></li>
    {{/buckets}}
    </ul>
    <form method="get" action="/" class="filters" id="filters">
    {{#filters}}<label>{{label}}
    <select name="{{name}}" id="filter-{{name}}">
    <option value="">any</option>
    {{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{text}}</option>
    {{/options}}
    </select></label>
    {{/filters}}
    <label><input type="checkbox" name="waiting" value="1"{{#includeWaiting}} checked{{/includeWaiting}}> items waiting for a later follow-up</label>
    <button type="submit" accesskey="f">Filter</button>
    <a href="/">Clear</a>
    </form>
    {{^groups}}<p class="empty" id="empty">No advisories match these filters.</p>{{/groups}}
    {{#hasGroups}}
    <table class="worklist" id="worklist">
    <thead><tr><th>Severity</th><th>Advisory</th><th>Rule</th><th>Unit · service</th><th>MME/day</th><th title="Respiratory-depression score: 1 per risk factor present, +1 at 50 MME/day, +2 at 90; unknown factors are not counted">Risk score (unknown facts)</th><th>Since fired</th><th>Assignee</th></tr></thead>
    {{#groups}}
    <tbody class="patient">
    <tr class="patient-row"><th colspan="8">Patient {{patientID}} · {{count}} item(s)</th></tr>
    {{#items}}<tr class="item {{indicator}}" data-row>
    <td><span class="badge {{indicator}}">{{indicator}}</span>{{#followUpDue}} <span class="badge due">follow-up due</span>{{/followUpDue}}</td>
    <td><a href="/advisories/{{id}}" class="open" data-advisory="{{id}}">{{summary}}</a></td>
    <td>{{ruleID}}</td>
    <td>{{place}}</td>
    <td class="num">{{mme}}</td>
    <td class="num">{{risk}}</td>
    <td>{{age}}</td>
    <td>{{assignee}}</td>
    </tr>
    {{/items}}
    </tbody>
    {{/groups}}
    </table>
    {{/hasGroups}}
    <p class="keys">Keyboard: j and k move between advisories, Enter opens one; Alt+F filters, Alt+W, Alt+H and Alt+S change page.</p>
    {{> footer}}
    """

  static let advisory = """
    {{> header}}
    {{#card}}
    <p class="crumbs"><a href="/">Worklist</a> › advisory {{id}}</p>
    <h1><span class="badge {{indicator}}">{{indicator}}</span> <span id="summary">{{summary}}</span></h1>
    <p class="meta">Patient {{patientID}} · {{place}} · status <strong id="status">{{status}}</strong> · fired {{createdAt}}{{#linkedTo}} · repeat of <a href="/advisories/{{linkedTo}}">advisory {{linkedTo}}</a>{{/linkedTo}}</p>

    <section id="orders"><h2>Orders</h2>
    <table>
    <thead><tr><th>#</th><th>Order</th><th>Daily dose</th><th>Factor</th><th>MME/day</th><th>Status</th></tr></thead>
    <tbody>
    {{#orders}}<tr><td>{{index}}</td><td>{{name}}<br><small>{{ingredient}} · {{route}}</small></td><td>{{dose}}<br><small>{{basis}}</small></td><td class="num">{{factor}}</td><td class="num">{{mme}}</td><td>{{status}}{{#reason}}<br><small>{{reason}}</small>{{/reason}}</td></tr>
    {{/orders}}
    </tbody>
    <tfoot><tr><th colspan="4">Total</th><th class="num" id="total-mme">{{totalMME}}</th><th>{{loadNote}}</th></tr></tfoot>
    </table>
    </section>

    <section id="facts"><h2>What fired the rule</h2>
    <table>
    <thead><tr><th>Fact</th><th>Value</th><th>From the input</th></tr></thead>
    <tbody>
    {{#facts}}<tr><td>{{name}}</td><td class="{{valueClass}}">{{value}}{{#note}}<br><small>{{note}}</small>{{/note}}</td><td>{{#evidence}}<code>{{.}}</code> {{/evidence}}{{^evidence}}–{{/evidence}}</td></tr>
    {{/facts}}
    </tbody>
    </table>
    {{#hasMatched}}<p>Matched inputs: {{#matchedInputs}}<code>{{.}}</code> {{/matchedInputs}}</p>{{/hasMatched}}
    </section>

    <section id="rule"><h2>Rule and source</h2>
    <dl>
    <dt>Rule</dt><dd>{{ruleID}}</dd>
    <dt>Policy</dt><dd>{{policyName}} {{policyVersion}}, revision <code>{{policyRevision}}</code></dd>
    <dt>MME table</dt><dd>{{mmeTable}}</dd>
    <dt>Source</dt><dd>{{sourceLabel}}{{#sourceURL}} <a href="{{sourceURL}}" rel="noreferrer">{{sourceURL}}</a>{{/sourceURL}}</dd>
    <dt>Input file</dt><dd>{{fileName}} <small>SHA-256 {{fileSHA256}}</small></dd>
    </dl>
    </section>

    <section id="plot"><h2>MME/day over this patient's decisions</h2>
    {{#plot}}
    <svg class="plot" viewBox="0 0 {{width}} {{height}}" role="img" aria-label="MME per day over {{count}} decisions">
    {{#guides}}<line x1="{{left}}" x2="{{right}}" y1="{{y}}" y2="{{y}}" class="guide"/><text x="{{right}}" y="{{y}}" class="guide-label" text-anchor="end" dy="-3">{{label}}</text>
    {{/guides}}
    <polyline points="{{points}}" class="line"/>
    {{#dots}}<circle cx="{{x}}" cy="{{y}}" r="4" class="{{kind}}"><title>{{label}}</title></circle>
    {{/dots}}
    <text x="{{left}}" y="{{bottomLabel}}" class="axis">{{first}}</text><text x="{{right}}" y="{{bottomLabel}}" class="axis" text-anchor="end">{{last}}</text>
    </svg>
    <details><summary>The figures</summary><table><thead><tr><th>Decided</th><th>MME/day</th></tr></thead><tbody>
    {{#dots}}<tr><td>{{when}}</td><td>{{value}}</td></tr>{{/dots}}
    </tbody></table></details>
    {{/plot}}
    </section>

    {{#mayRecord}}
    <section id="actions"><h2>Record</h2>
    <form method="post" action="/advisories/{{id}}/review" class="action" id="triage">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <fieldset><legend>Triage</legend>
    <label><input type="radio" name="action" value="accept" required> Accept (act on it)</label>
    <label><input type="radio" name="action" value="override"> Override</label>
    <label><input type="radio" name="action" value="dismiss"> Dismiss</label>
    <label>Reason <select name="reason" id="reason"><option value="">none (accept only)</option>
    {{#reasons}}<option value="{{code}}">{{display}}</option>
    {{/reasons}}<option value="other">Other (say why in the note)</option></select></label>
    <label>Note <textarea name="note" maxlength="2000" rows="2"></textarea></label>
    <button type="submit">Record triage</button>
    </fieldset>
    </form>
    <form method="post" action="/advisories/{{id}}/intervention" class="action" id="intervention">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <fieldset><legend>Intervention and the prescriber's response</legend>
    <label>Intervention <select name="kind" required><option value="">choose…</option>{{#kinds}}<option value="{{value}}">{{label}}</option>{{/kinds}}</select></label>
    <label>Prescriber's response <select name="response" id="response" required><option value="">choose…</option>{{#responses}}<option value="{{value}}">{{label}}</option>{{/responses}}</select></label>
    <label>Minutes spent <input type="number" name="minutes" min="0" max="1440"></label>
    <label>Note <textarea name="note" maxlength="2000" rows="2"></textarea></label>
    <button type="submit">Record intervention</button>
    </fieldset>
    </form>
    <form method="post" action="/advisories/{{id}}/assign" class="action" id="assign">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <fieldset><legend>Assignment and follow-up</legend>
    <label>Assignee <input type="text" name="assignee" value="{{assigneeValue}}" maxlength="200"></label>
    <label>Follow up on <input type="date" name="followUpOn" value="{{followUpValue}}"></label>
    <button type="submit">Save</button>
    </fieldset>
    </form>
    </section>
    {{/mayRecord}}

    <section id="text"><h2>Full text</h2>
    <p class="detail">{{detail}}</p>
    {{#hasSuggestions}}<ul>{{#suggestions}}<li>{{label}}{{#explanation}}: {{explanation}}{{/explanation}}</li>{{/suggestions}}</ul>{{/hasSuggestions}}
    </section>

    <section id="history"><h2>History</h2>
    <ul class="history">
    <li>Fired {{createdAt}}</li>
    {{#openings}}<li>Opened by {{reviewer}} at {{openedAt}} ({{channel}})</li>
    {{/openings}}
    {{#reviews}}<li class="review">{{reviewedAt}}: {{action}} by {{reviewer}} ({{channel}}){{#reason}}, reason {{reason}}{{/reason}}{{#note}}: <q>{{note}}</q>{{/note}}</li>
    {{/reviews}}
    {{#interventions}}<li class="intervention">{{recordedAt}}: {{kind}}; {{response}}, by {{recordedBy}}{{#minutes}}, {{minutes}} min{{/minutes}}{{#note}}: <q>{{note}}</q>{{/note}}</li>
    {{/interventions}}
    {{#assignments}}<li>{{assignedAt}}: assigned to {{assignee}} by {{assignedBy}}{{#followUpOn}}, follow up on {{followUpOn}}{{/followUpOn}}</li>
    {{/assignments}}
    </ul>
    </section>
    {{/card}}
    {{> footer}}
    """

  static let handover = """
    {{> header}}
    <h1>Shift handover</h1>
    <form method="get" action="/handover" class="filters">
    <label>Unit <select name="unit" id="handover-unit">{{#units}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/units}}</select></label>
    <button type="submit">Show</button>
    </form>
    {{#view}}
    <p>{{#lastAcknowledgedAt}}Last handover of {{unit}} acknowledged by {{lastAcknowledgedBy}} at {{lastAcknowledgedAt}}.{{/lastAcknowledgedAt}}{{^lastAcknowledgedAt}}No handover of {{unit}} has been acknowledged yet.{{/lastAcknowledgedAt}}</p>
    {{#sections}}
    <section class="handover {{kind}}" id="bucket-{{kind}}"><h2>{{title}} ({{count}})</h2>
    {{^items}}<p class="empty">Nothing.</p>{{/items}}
    <ul>{{#items}}<li><span class="badge {{indicator}}">{{indicator}}</span> <a href="/advisories/{{id}}">{{summary}}</a> · patient {{patientID}} · {{status}}{{#assignee}} · {{assignee}}{{/assignee}}</li>{{/items}}</ul>
    </section>
    {{/sections}}
    {{#mayRecord}}
    <form method="post" action="/handover/acknowledge" id="acknowledge">
    <input type="hidden" name="csrf" value="{{csrf}}">
    <input type="hidden" name="unit" value="{{unit}}">
    <input type="hidden" name="items" value="{{items}}">
    <button type="submit">I have received this handover</button>
    </form>
    {{/mayRecord}}
    {{/view}}
    {{^view}}<p class="empty">No decision has named a unit yet.</p>{{/view}}
    {{> footer}}
    """

  static let scorecard = """
    {{> header}}
    <h1>Rule scorecard</h1>
    <p>Per rule and policy revision. Accepted ÷ reviewed stands in for the rule's positive predictive value; a firing rate that changes 2× or more after a revision (or a rule that stops firing) can signal a broken rule: check it.</p>
    {{^cards}}<p class="empty">No advisories recorded yet.</p>{{/cards}}
    {{#hasCards}}
    <table class="scorecard" id="scorecard">
    <thead><tr><th>Rule</th><th>Revision</th><th>Fired</th><th>Repeats</th><th>Open</th><th>Accepted</th><th>Overridden</th><th>Dismissed</th><th>Accepted ÷ reviewed</th><th>Median minutes to first review</th><th>Reviewers (busiest)</th><th>Firings per decision</th><th>Change</th><th>Reasons</th></tr></thead>
    <tbody>
    {{#cards}}<tr data-rule="{{ruleID}}"{{#anomaly}} class="anomaly"{{/anomaly}}><td>{{ruleID}}</td><td>{{version}} <code>{{revision}}</code></td><td class="num" data-field="firings">{{firings}}</td><td class="num">{{repeats}}</td><td class="num" data-field="open">{{open}}</td><td class="num" data-field="accepted">{{accepted}}</td><td class="num" data-field="overridden">{{overridden}}</td><td class="num">{{dismissed}}</td><td class="num">{{acceptedShare}}</td><td class="num">{{medianMinutes}}</td><td class="num">{{reviewers}} ({{topShare}})</td><td class="num">{{rate}}</td><td>{{change}}</td><td>{{reasons}}</td></tr>
    {{/cards}}
    </tbody>
    </table>
    {{/hasCards}}
    {{> footer}}
    """
}
