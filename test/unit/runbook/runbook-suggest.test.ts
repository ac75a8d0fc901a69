import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRunbookCommands } from "../../../src/runbook/runbook-load.ts";
import { suggestedCommands } from "../../../src/runbook/runbook-suggest.ts";

const { commands } = loadRunbookCommands(join(import.meta.dirname, "..", "..", "..", "commands"));
const names = (labels: Record<string, string>) =>
  suggestedCommands(commands, labels).map((command) => command.name);

describe("suggestedCommands", () => {
  it("offers the commands whose matchers all hold, in file order", () => {
    expect(names({ alertname: "KubeDeploymentReplicasMismatch", namespace: "prod" })).toEqual([
      "kubectl-rollout-restart",
      "kubectl-rollout-status",
    ]);
    expect(names({ alertname: "KubePodCrashLooping" })).toEqual(["kubectl-rollout-restart"]);
    expect(names({ alertname: "NovaApiHighLatency", service: "nova-api" })).toEqual([
      "openstack-servers-in-error",
    ]);
    expect(names({ alertname: "NodeSystemdServiceFailed", name: "nginx.service" })).toEqual([
      "systemctl-restart",
      "systemctl-status",
    ]);
    expect(names({ alertname: "BlackboxSslCertificateWillExpireSoon" })).toEqual([
      "http-health",
      "tls-expiry",
    ]);
    expect(names({ alertname: "CoreDNSErrorsHigh" })).toEqual(["dns-lookup"]);
  });

  it("offers nothing for unrelated or missing labels, and never a command without matchers", () => {
    expect(names({ alertname: "DiskFull" })).toEqual([]);
    expect(names({})).toEqual([]);
    const statuspage = commands.filter((command) => command.name.startsWith("statuspage"));
    expect(statuspage).toHaveLength(2);
    expect(suggestedCommands(statuspage, { alertname: "Anything" })).toEqual([]);
  });

  it("requires every matcher of a command to hold", () => {
    const [status] = commands.filter((command) => command.name === "systemctl-status");
    if (!status) throw new Error("systemctl-status is shipped");
    const strict = {
      ...status,
      suggest: [
        ...status.suggest,
        ...commands.flatMap((c) => (c.name === "dns-lookup" ? c.suggest : [])),
      ],
    };
    expect(suggestedCommands([strict], { alertname: "NodeSystemdServiceFailed" })).toEqual([]);
  });
});
