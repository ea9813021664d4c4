#!/usr/bin/env python3
"""Drives the pharmacists' console in headless Chromium, as a reviewer and then an auditor would use it.

Started by Tests/System/console-browser-test.sh, which runs the daemon, the console and nginx (TLS + Basic auth)
and drops synthetic fixtures (invented patients) with units "ICU" and "4 West". Needs Selenium 4,
/usr/bin/chromium and /usr/bin/chromedriver.

Environment: SPARROW_TEST_REVIEWER, SPARROW_TEST_REVIEWER_PASSWORD, SPARROW_TEST_AUDITOR,
SPARROW_TEST_AUDITOR_PASSWORD.
"""

import argparse
import base64
import http.client
import os
import re
import ssl
import sys
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, NoSuchElementException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
BUCKETS = ["critical", "warning", "info", "due", "waiting", "unassigned"]
SCORE_FIELDS = ["firings", "open", "accepted", "overridden"]
# Must come back as text: the console escapes every value, and the CSP forbids inline script besides.
HOSTILE_NOTE = "Synthetic test note <script>alert(1)</script>"


class Failure(Exception):
    """A check that did not hold; the message says which and what was seen."""


def require(condition, message):
    if not condition:
        raise Failure(message)


def ok(message):
    print(f"ok - {message}", flush=True)


class Console:
    """One signed-in browser session (a fresh Chromium profile, so a fresh auth cache and cookie jar)."""

    def __init__(self, base, user, password, artifacts):
        self.base = base.rstrip("/")
        self.user = user
        self.password = password
        self.artifacts = artifacts
        options = Options()
        options.binary_location = CHROMIUM
        for argument in ["--headless=new", "--no-sandbox", "--ignore-certificate-errors", "--window-size=1280,1000",
                         "--disable-dev-shm-usage"]:
            options.add_argument(argument)
        options.accept_insecure_certs = True
        self.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(30)

    def quit(self):
        try:
            self.driver.quit()
        except WebDriverException:
            pass

    def sign_in(self):
        """Basic auth the way a person would not, but Chromium allows: credentials in the first URL. Chromium
        caches them for the origin's "/" and sends them again on every later same-origin request."""
        url = urllib.parse.urlsplit(self.base)
        netloc = f"{urllib.parse.quote(self.user, safe='')}:{urllib.parse.quote(self.password, safe='')}@{url.netloc}"
        self.driver.get(urllib.parse.urlunsplit((url.scheme, netloc, "/", "", "")))
        if not self.driver.find_elements(By.ID, "signed-in"):
            # Some Chromium builds drop URL credentials; an Authorization header over CDP does the same job.
            print("note: credentials in the URL were not used; sending the Authorization header over CDP instead")
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            self.driver.execute_cdp_cmd("Network.enable", {})
            self.driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Authorization": f"Basic {token}"}})
            self.get("/")
        require(self.driver.find_elements(By.ID, "signed-in"),
                f"{self.user} could not sign in: the page at / has no #signed-in ({self.driver.title!r})")

    def get(self, path):
        self.driver.get(self.base + path)

    def find(self, css, what=None):
        try:
            return self.driver.find_element(By.CSS_SELECTOR, css)
        except NoSuchElementException:
            raise Failure(f"{what or css}: no element {css} on {self.driver.current_url}") from None

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def submit_and_wait(self, button_css, url_part):
        """Submits a form and waits for the POST-redirect-GET to land on a URL containing `url_part`."""
        self.find(button_css).click()
        try:
            WebDriverWait(self.driver, 15).until(EC.url_contains(url_part))
        except WebDriverException:
            refusal = self.all("#failure, #refusal")
            raise Failure(
                f"after {button_css} the browser is at {self.driver.current_url}, not ...{url_part}"
                + (f"; the page says: {refusal[0].text!r}" if refusal else "")) from None

    def screenshot(self, path, height=None):
        # The whole page up to `height` pixels (the advisory page's evidence, plot and forms run long).
        size = self.driver.get_window_size()
        if height:
            full = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(size["width"], min(height, max(size["height"], full)))
        try:
            require(self.driver.save_screenshot(path), f"could not save the screenshot {path}")
        finally:
            if height:
                self.driver.set_window_size(size["width"], size["height"])
        ok(f"screenshot {path}")

    def save_failure(self, name):
        if not self.artifacts:
            return
        try:
            os.makedirs(self.artifacts, exist_ok=True)
            stem = os.path.join(self.artifacts, f"failure-{name}")
            self.driver.save_screenshot(stem + ".png")
            with open(stem + ".html", "w", encoding="utf-8") as page:
                page.write(f"<!-- {self.driver.current_url} -->\n{self.driver.page_source}")
            print(f"saved {stem}.png and {stem}.html", file=sys.stderr)
        except Exception as error:  # the original failure matters more than this one
            print(f"could not save the failure page: {error}", file=sys.stderr)


# MARK: - Plain HTTPS (what a browser's form cannot be made to do)

def https(base, method, path, user=None, password=None, headers=None, body=None, cafile=None):
    """One request through nginx; returns (status, headers, text)."""
    url = urllib.parse.urlsplit(base)
    if cafile:
        context = ssl.create_default_context(cafile=cafile)
        # A throwaway self-signed certificate lacks what strict mode (Python 3.13's default) demands of a CA.
        context.verify_flags &= ~ssl.VERIFY_X509_STRICT
    else:
        context = ssl._create_unverified_context()
    all_headers = dict(headers or {})
    if user is not None:
        all_headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    connection = http.client.HTTPSConnection(url.hostname, url.port or 443, context=context, timeout=15)
    try:
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def signed_in_text(html):
    match = re.search(r'id="signed-in">([^<]*)<', html)
    return match.group(1) if match else None


def status_text(html):
    match = re.search(r'<strong id="status">([^<]*)</strong>', html)
    return match.group(1) if match else None


def refusal_text(html):
    match = re.search(r'<p (?:class="error" )?id="(?:refusal|failure)">([^<]*)</p>', html)
    return match.group(1) if match else html[:200]


# MARK: - Pages

def worklist_rows(console):
    """[(id, rule, place)] of the worklist on screen."""
    rows = []
    for row in console.all("#worklist tr.item"):
        cells = row.find_elements(By.TAG_NAME, "td")
        link = row.find_element(By.CSS_SELECTOR, "a.open")
        require(len(cells) >= 4, f"a worklist row has {len(cells)} cells, expected severity, advisory, rule, place…")
        rows.append((link.get_attribute("data-advisory"), cells[2].text.strip(), cells[3].text.strip()))
    return rows


def read_scorecard(console):
    """{rule: {field: count}}, summed over the rule's policy revisions."""
    console.get("/scorecard")
    totals = {}
    for row in console.all("#scorecard tr[data-rule]"):
        rule = row.get_attribute("data-rule")
        counts = totals.setdefault(rule, dict.fromkeys(SCORE_FIELDS, 0))
        for field in SCORE_FIELDS:
            text = row.find_element(By.CSS_SELECTOR, f'td[data-field="{field}"]').text.strip()
            require(text.isdigit(), f"scorecard {rule} {field} is {text!r}, not a count")
            counts[field] += int(text)
    return totals


def open_advisory(console, advisory_id):
    """Opens an advisory by its worklist link when it is listed (as a pharmacist would), else by URL."""
    console.get("/")
    links = console.all(f'#worklist a.open[data-advisory="{advisory_id}"]')
    if links:
        links[0].click()
        WebDriverWait(console.driver, 15).until(EC.url_contains(f"/advisories/{advisory_id}"))
    else:
        console.get(f"/advisories/{advisory_id}")
    require(console.all("#summary"), f"advisory {advisory_id} did not open: no #summary at {console.driver.current_url}")


def rule_of_page(console):
    """The rule id: the first <dd> of the rule section."""
    return console.find("#rule dd", "the rule section's rule id").text.strip()


# MARK: - The test

def reviewer_session(args, env):
    console = Console(args.base, env["reviewer"], env["reviewer_password"], args.artifacts)
    try:
        return run_reviewer(console, args, env)
    except (Failure, WebDriverException):
        console.save_failure("reviewer")
        raise
    finally:
        console.quit()


def run_reviewer(console, args, env):
    user = env["reviewer"]
    console.sign_in()
    who = console.find("#signed-in").text
    require(user in who and "reviewer" in who, f"#signed-in says {who!r}; expected {user} and the reviewer role")
    ok(f"signed in through nginx: #signed-in says {who!r}")

    counts = {}
    for kind in BUCKETS:
        counts[kind] = console.find(f'#buckets a[data-bucket="{kind}"] strong', f"the {kind} bucket").text.strip()
        require(counts[kind].isdigit(), f"the {kind} bucket's count is {counts[kind]!r}, not a number")
    ok("bucket counts are numbers: " + ", ".join(f"{kind} {count}" for kind, count in counts.items()))

    everything = worklist_rows(console)
    require(len(everything) >= 2, f"the worklist has {len(everything)} item(s); the test needs at least 2")
    ok(f"the unfiltered worklist has {len(everything)} items")

    unit = Select(console.find("#filter-unit", "the unit filter"))
    units = [option.get_attribute("value") for option in unit.options]
    require("ICU" in units, f"the unit filter offers {units}, not ICU")
    unit.select_by_value("ICU")
    console.find("#filters button[type=submit]", "the Filter button").click()
    WebDriverWait(console.driver, 15).until(EC.url_contains("unit=ICU"))
    icu = worklist_rows(console)
    require(icu, "filtering by unit ICU left no rows (the test drops ICU records)")
    for advisory_id, _, place in icu:
        require("ICU" in place, f"advisory {advisory_id} is listed under unit ICU but its unit · service is {place!r}")
    require(len(icu) < len(everything), f"the ICU filter kept all {len(everything)} rows; 4 West ones should go")
    selected = Select(console.find("#filter-unit")).first_selected_option.get_attribute("value")
    require(selected == "ICU", f"after filtering, the unit select shows {selected!r}, not ICU")
    ok(f"filter by unit ICU: {len(icu)} of {len(everything)} rows, every one in ICU")
    console.screenshot(os.path.join(args.screenshots, "worklist.png"))

    first_id, first_rule_listed, _ = icu[0]
    # Another advisory, of another rule where there is one, so the scorecard shows both changes apart.
    others = [row for row in everything if row[0] != first_id]
    second_id = next((row[0] for row in others if row[1] != first_rule_listed), others[0][0])

    before = read_scorecard(console)
    require(before, "the scorecard has no rows, although advisories have fired")
    ok(f"scorecard before: {len(before)} rule(s)")

    # The first advisory: the dossier, then accept it.
    open_advisory(console, first_id)
    for section in ["orders", "facts", "rule"]:
        require(console.find(f"#{section}").is_displayed(), f"advisory {first_id}: section #{section} is not visible")
    headings = console.find("#orders").text
    for heading in ["Daily dose", "Factor", "MME/day"]:
        require(heading in headings, f"advisory {first_id}: the orders table has no {heading!r} column")
    total = console.find("#total-mme").text.strip()
    require(total, f"advisory {first_id}: #total-mme is empty")
    require(console.all("#plot"), f"advisory {first_id}: no #plot section")
    first_rule = rule_of_page(console)
    require(first_rule == first_rule_listed, f"advisory {first_id}: rule {first_rule!r} on the page, "
                                             f"{first_rule_listed!r} in the worklist")
    ok(f"advisory {first_id} ({first_rule}): orders, facts and rule shown; total {total} MME/day")
    console.screenshot(os.path.join(args.screenshots, "advisory.png"), height=1900)

    console.find('#triage input[name="action"][value="accept"]', "the accept radio").click()
    console.submit_and_wait("#triage button[type=submit]", "recorded=review")
    notice = console.find("#notice", "the notice after triage").text
    require("Triage recorded" in notice, f"after accepting, #notice says {notice!r}")
    status = console.find("#status").text.strip()
    require(status == "accepted", f"advisory {first_id}: status {status!r} after accepting, expected accepted")
    reviews = [item.text for item in console.all("#history li.review")]
    require(any("accept" in text and user in text for text in reviews),
            f"advisory {first_id}: the history's reviews {reviews} do not show the accept by {user}")
    ok(f"advisory {first_id} accepted: notice {notice!r}, status accepted, in the history")

    # The second: override with a reason and a note that would be script if it were not escaped.
    open_advisory(console, second_id)
    second_rule = rule_of_page(console)
    console.find('#triage input[name="action"][value="override"]', "the override radio").click()
    reason = Select(console.find("#reason", "the reason select"))
    codes = [option.get_attribute("value") for option in reason.options]
    require(codes and codes[0] == "" and "other" in codes, f"advisory {second_id}: reason options {codes}")
    code = next((value for value in codes if value not in ("", "other")), "other")
    reason.select_by_value(code)
    console.find('#triage textarea[name="note"]', "the triage note").send_keys(HOSTILE_NOTE)
    console.submit_and_wait("#triage button[type=submit]", "recorded=review")
    try:
        alert = console.driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        raise Failure(f"an alert ({text!r}) opened after saving the note: it ran as script")
    except NoAlertPresentException:
        pass
    status = console.find("#status").text.strip()
    require(status == "overridden", f"advisory {second_id}: status {status!r} after overriding, expected overridden")
    reviews = [item.text for item in console.all("#history li.review")]
    require(any("<script>alert(1)</script>" in text for text in reviews),
            f"advisory {second_id}: the note does not appear as text in the history's reviews {reviews}")
    require(not console.all("#history script"), f"advisory {second_id}: the history holds a <script> element")
    require("&lt;script&gt;alert(1)" in console.driver.page_source,
            f"advisory {second_id}: the note is not escaped in the page's markup")
    ok(f"advisory {second_id} ({second_rule}) overridden with reason {code}; the note shows as text, no script ran")

    # An intervention on the same advisory.
    Select(console.find('#intervention select[name="kind"]', "the intervention kind")).select_by_value("proposed")
    Select(console.find("#response", "the prescriber's response")).select_by_value("accepted")
    console.find('#intervention input[name="minutes"]', "the minutes field").send_keys("5")
    console.submit_and_wait("#intervention button[type=submit]", "recorded=intervention")
    notice = console.find("#notice", "the notice after the intervention").text
    require("Intervention recorded" in notice, f"after the intervention, #notice says {notice!r}")
    interventions = [item.text for item in console.all("#history li.intervention")]
    require(any("5 min" in text and user in text for text in interventions),
            f"advisory {second_id}: the history's interventions {interventions} do not show 5 min by {user}")
    ok(f"intervention recorded on {second_id}: {interventions[-1]!r}")

    # The scorecard counts both reviews.
    after = read_scorecard(console)
    expected = {rule: dict(counts) for rule, counts in before.items()}
    for rule, field in [(first_rule, "accepted"), (second_rule, "overridden")]:
        expected.setdefault(rule, dict.fromkeys(SCORE_FIELDS, 0))[field] += 1
    for rule in {first_rule, second_rule}:
        for field in ["accepted", "overridden"]:
            seen = after.get(rule, {}).get(field)
            require(seen == expected[rule][field],
                    f"scorecard {rule} {field}: {seen}, expected {expected[rule][field]} "
                    f"(before {before.get(rule, {}).get(field)})")
    ok(f"scorecard: {first_rule} accepted {before.get(first_rule, {}).get('accepted', 0)} → "
       f"{after[first_rule]['accepted']}; {second_rule} overridden "
       f"{before.get(second_rule, {}).get('overridden', 0)} → {after[second_rule]['overridden']}")
    console.screenshot(os.path.join(args.screenshots, "scorecard.png"))
    return first_id


def auditor_session(args, env, advisory_id):
    console = Console(args.base, env["auditor"], env["auditor_password"], args.artifacts)
    try:
        user = env["auditor"]
        console.sign_in()
        who = console.find("#signed-in").text
        require(user in who and "auditor" in who and "reviewer" not in who,
                f"#signed-in says {who!r}; expected {user} with the auditor role only")
        ok(f"fresh session: #signed-in says {who!r}")
        console.get(f"/advisories/{advisory_id}")
        require(console.all("#summary"), f"the auditor cannot read advisory {advisory_id}")
        for form in ["triage", "intervention", "assign"]:
            require(not console.all(f"form#{form}"), f"the auditor is offered form#{form} on advisory {advisory_id}")
        ok(f"advisory {advisory_id} as {user}: readable, with no triage, intervention or assignment form")
    except (Failure, WebDriverException):
        console.save_failure("auditor")
        raise
    finally:
        console.quit()


def http_checks(args, env, advisory_id):
    """What a browser form cannot send: forged headers and POSTs without the page's token."""
    base, cafile = args.base.rstrip("/"), args.cafile
    reviewer, reviewer_password = env["reviewer"], env["reviewer_password"]
    auditor, auditor_password = env["auditor"], env["auditor_password"]

    status, _, _ = https(base, "GET", "/", headers={"X-Remote-User": reviewer}, cafile=cafile)
    require(status == 401, f"GET / without credentials but with X-Remote-User: {status}, expected 401 from nginx")
    ok("without credentials nginx answers 401, whatever X-Remote-User says")

    status, headers, html = https(base, "GET", "/", auditor, auditor_password,
                                  headers={"X-Remote-User": reviewer}, cafile=cafile)
    require(status == 200, f"GET / as {auditor}: {status}")
    who = signed_in_text(html)
    require(who is not None and auditor in who and reviewer not in who,
            f"a client-sent X-Remote-User: {reviewer} reached the console: #signed-in says {who!r}")
    ok(f"a client's own X-Remote-User is replaced by nginx: signed in as {who!r}")
    policy = headers.get("Content-Security-Policy", "")
    require("script-src 'self'" in policy, f"Content-Security-Policy is {policy!r}; expected script-src 'self'")
    cookie = headers.get("Set-Cookie", "")
    require("__Host-sparrow-session=" in cookie and "secure" in cookie.lower(),
            f"Set-Cookie is {cookie!r}; expected a Secure __Host-sparrow-session cookie")
    ok(f"CSP {policy!r}; session cookie __Host- and Secure")

    # Same-origin as far as the headers go, so the refusal is the role's (or the token's), not the origin check's.
    same_origin = {"Origin": base, "Sec-Fetch-Site": "same-origin",
                   "Content-Type": "application/x-www-form-urlencoded"}
    form = urllib.parse.urlencode({"action": "dismiss", "note": "crafted request"})
    status, _, html = https(base, "POST", f"/advisories/{advisory_id}/review", auditor, auditor_password,
                            headers=same_origin, body=form, cafile=cafile)
    require(status == 403, f"a crafted POST as {auditor} without a CSRF token: {status}, expected 403")
    ok(f"crafted POST as {auditor}: 403 ({refusal_text(html)!r})")

    status, _, html = https(base, "POST", f"/advisories/{advisory_id}/review", reviewer, reviewer_password,
                            headers=same_origin, body=form, cafile=cafile)
    require(status == 403, f"a crafted POST as {reviewer} without a CSRF token: {status}, expected 403")
    ok(f"crafted POST as {reviewer} without the token: 403 ({refusal_text(html)!r})")

    foreign = {**same_origin, "Origin": "https://attacker.example", "Sec-Fetch-Site": "cross-site"}
    status, _, _ = https(base, "POST", f"/advisories/{advisory_id}/review", reviewer, reviewer_password,
                         headers=foreign, body=form, cafile=cafile)
    require(status == 403, f"a cross-site POST as {reviewer}: {status}, expected 403")
    ok("cross-site POST: 403")

    status, _, html = https(base, "GET", f"/advisories/{advisory_id}", auditor, auditor_password, cafile=cafile)
    require(status == 200 and status_text(html) == "accepted",
            f"advisory {advisory_id} after the refused POSTs: HTTP {status}, status {status_text(html)!r}")
    ok(f"advisory {advisory_id} is still accepted")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the console's origin, e.g. https://127.0.0.1:8443")
    parser.add_argument("--screenshots", required=True, help="directory for worklist.png, advisory.png, scorecard.png")
    parser.add_argument("--cafile", help="certificate to trust for the plain HTTPS checks (default: no verification)")
    parser.add_argument("--artifacts", help="directory for a screenshot and the page source on failure")
    args = parser.parse_args()
    names = {"reviewer": "SPARROW_TEST_REVIEWER", "reviewer_password": "SPARROW_TEST_REVIEWER_PASSWORD",
             "auditor": "SPARROW_TEST_AUDITOR", "auditor_password": "SPARROW_TEST_AUDITOR_PASSWORD"}
    missing = [variable for variable in names.values() if not os.environ.get(variable)]
    if missing:
        parser.error("set " + ", ".join(missing))
    env = {key: os.environ[variable] for key, variable in names.items()}
    os.makedirs(args.screenshots, exist_ok=True)
    try:
        advisory_id = reviewer_session(args, env)
        auditor_session(args, env, advisory_id)
        http_checks(args, env, advisory_id)
    except Failure as failure:
        print(f"FAIL: {failure}", file=sys.stderr)
        return 1
    except WebDriverException as error:
        print(f"FAIL: WebDriver: {error.msg or error}", file=sys.stderr)
        return 1
    print("console browser checks: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
