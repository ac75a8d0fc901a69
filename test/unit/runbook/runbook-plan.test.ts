import { describe, expect, it } from "vitest";
import { isFirebreakError } from "../../../src/core/firebreak-error.ts";
import { describePlan, planRunbook, secretsOf } from "../../../src/runbook/runbook-plan.ts";
import { commandFromYaml, validArgs as values } from "../../helpers/runbook-folder.ts";

const TOKEN = "tok-9f8e7d6c5b4a39281706";
const PAGE = "page-5a4b3c2d1e0f";
const env = { STATUS_TOKEN: TOKEN, STATUS_PAGE: PAGE, UNRELATED: "not-referenced-value" };

const http = commandFromYaml(`
name: set-status
description: x
args:
  - { name: component, type: string, pattern: "[a-z0-9 /]{1,32}" }
  - { name: status, type: enum, values: [operational, major_outage] }
  - { name: count, type: integer, min: 0, max: 9, default: 3 }
  - { name: public, type: boolean, default: true }
http:
  method: PATCH
  url: "https://api.example.org/pages/\${env:STATUS_PAGE}/components/{component}?note={status}"
  headers:
    Authorization: "Bearer \${env:STATUS_TOKEN}"
  json:
    component: { status: "{status}", count: "{count}", public: "{public}", label: "{component}: {status}", literal: "{{x}}" }
    tags: ["{status}", 1, null]
`);

describe("planRunbook", () => {
  it("builds the exact argv: each value inside its element, literal braces kept", () => {
    const cmd = commandFromYaml(`
name: rollout
description: x
args:
  - { name: namespace, type: string, pattern: "[a-z0-9-]+" }
  - { name: lines, type: integer, min: 1, max: 9, default: 5 }
exec: [kubectl, logs, "--namespace={namespace}", "--tail={lines}", "%{{http_code}}", "{namespace}{lines}"]
env: [KUBECONFIG]
secretEnv: [KUBE_TOKEN]
`);
    expect(planRunbook(cmd, values(cmd, { namespace: "prod" }), {})).toEqual({
      kind: "exec",
      argv: ["kubectl", "logs", "--namespace=prod", "--tail=5", "%{http_code}", "prod5"],
      env: ["KUBECONFIG", "KUBE_TOKEN"],
    });
  });

  it("builds the request: URL values percent-encoded, JSON values typed and kept inside strings", () => {
    const plan = planRunbook(
      http,
      values(http, { component: "db primary/x", status: "major_outage" }),
      env,
    );
    expect(plan).toEqual({
      kind: "http",
      method: "PATCH",
      url: `https://api.example.org/pages/${PAGE}/components/db%20primary%2Fx?note=major_outage`,
      headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        component: {
          status: "major_outage",
          count: 3,
          public: true,
          label: "db primary/x: major_outage",
          literal: "{x}",
        },
        tags: ["major_outage", 1, null],
      }),
    });
  });

  it("says which variable is missing, without quoting any secret", () => {
    let caught: unknown;
    try {
      planRunbook(http, values(http, { component: "db", status: "operational" }), {
        STATUS_PAGE: PAGE,
      });
    } catch (error) {
      caught = error;
    }
    expect(isFirebreakError(caught)).toBe(true);
    expect((caught as Error).message).toBe(
      "set-status needs the environment variable STATUS_TOKEN, which is not set on this host",
    );
  });

  it("refuses a URL that is not http(s) after substitution, without quoting it", () => {
    const cmd = commandFromYaml(`
name: from-env
description: x
http: { method: GET, url: "\${env:BASE_URL}/status" }
`);
    const secretUrl = "file:///etc/shadow?key=abcdef123456";
    expect(() => planRunbook(cmd, {}, { BASE_URL: secretUrl })).toThrow(
      "from-env: the request URL is not an http(s) URL",
    );
    try {
      planRunbook(cmd, {}, { BASE_URL: secretUrl });
    } catch (error) {
      expect(String(error)).not.toContain("abcdef123456");
    }
  });
});

describe("secretsOf and describePlan", () => {
  it("collects the values of every referenced variable and secretEnv, nothing else", () => {
    expect(secretsOf(http, env).sort()).toEqual([PAGE, TOKEN].sort());
    const exec = commandFromYaml(
      "name: e\ndescription: x\nexec: [id]\nenv: [HOME]\nsecretEnv: [PW, MISSING]\n",
    );
    expect(secretsOf(exec, { HOME: "/home/bot", PW: "pw-123456" })).toEqual(["pw-123456"]);
  });

  it("shows the exact request for --dry-run with secrets redacted", () => {
    const plan = planRunbook(http, values(http, { component: "db", status: "major_outage" }), env);
    const text = describePlan(plan, secretsOf(http, env));
    expect(text).toBe(
      [
        "PATCH https://api.example.org/pages/[redacted]/components/db?note=major_outage",
        "Authorization: Bearer [redacted]",
        "Content-Type: application/json",
        "",
        '{"component":{"status":"major_outage","count":3,"public":true,"label":"db: major_outage","literal":"{x}"},"tags":["major_outage",1,null]}',
      ].join("\n"),
    );
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(PAGE);
  });

  it("shows the exact argv for --dry-run, one JSON string per element", () => {
    const cmd = commandFromYaml(`
name: echo
description: x
args: [{ name: text, type: string, pattern: "[^\\\\n]+" }]
exec: [/bin/echo, "{text}"]
secretEnv: [PW]
`);
    const plan = planRunbook(cmd, values(cmd, { text: 'a b "c" $(id)' }), {});
    expect(describePlan(plan, [])).toBe(
      'exec (no shell): ["/bin/echo", "a b \\"c\\" $(id)"]\nenvironment passed: PW',
    );
  });
});
