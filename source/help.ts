declare const __EXECDOCTOR_VERSION__: string;

export const version = typeof __EXECDOCTOR_VERSION__ === 'string' ? __EXECDOCTOR_VERSION__ : '0.0.0-dev';

export const helpText = `execdoctor ${version}
Find, explain and fix \`exec format error\` on Amazon ECS, AWS App Runner and
AWS Lambda.

Usage
  execdoctor [options]         in a terminal: the interactive troubleshooter;
                               otherwise: scan
  execdoctor scan [options]    find incidents and trace each to its image
  execdoctor demo [options]    the same, against the built-in simulated account
  execdoctor learn [options]   a walkthrough of the concepts, on live data
  execdoctor fix (--cluster C --service S [--task-definition F:R]
                  | --app-runner-service NAME | --lambda-function NAME)
      --strategy redeploy|repush|copy-index|rebuild|patch-task-definition
                 |set-architecture
      [--source REF] [--tag TAG] (--dry-run | --yes) [--json] [--timeout 15m]
                               apply a fix after showing every step, record
                               its undo, verify it
  execdoctor undo [JOURNAL] (--dry-run | --yes) [--json]
                               take a fix's changes back from its journal
  execdoctor history [--json]  the fix journals on this machine, newest first
  execdoctor check IMAGE (--platform P[,P2] | --for ecs:CLUSTER/SERVICE
                  | --task-definition F | --app-runner | --lambda FUNCTION)
                  [--local] [--json] [--junit FILE]
                               before a deploy: does the image fit its target?
  execdoctor report [scan options] [--out FILE] [--format md|json]
                               the incident write-up for a ticket
  execdoctor permissions [--fix] [--json]
                               the least-privilege IAM policy, and which of
                               its actions your identity lacks
  execdoctor mcp [--allow-fix] an MCP server on stdio for AI assistants
  execdoctor COMMAND --help    that command's usage, with examples

Options
  --region R[,R2…]           AWS region (default: AWS_REGION or the profile's
                             region); scan and the app take several
  --all-regions              scan and the app: every region enabled
  --profile P[,P2…]          AWS profile (default: AWS_PROFILE, then the
                             default chain); scan and the app take several
  --accounts A,B --role-name NAME
                             scan and the app: assume role NAME in each
                             account (sts:AssumeRole)
  --monitoring-account --role-name NAME
                             scan and the app: from a CloudWatch monitoring
                             account, search the linked accounts' logs, then
                             scan only those with hits
  --since D                  how far back: 30m, 6h, 2d, or an ISO date
                             (default 24h)
  --cluster C                only this ECS cluster (name or ARN)
  --service S                only this ECS service (with --cluster, or
                             searched in every cluster)
  --app-runner-service NAME  only this App Runner service (name or ARN)
  --lambda-function NAME     only this Lambda function (name or ARN)
  --json                     print one JSON document (docs/json-output.md)
  --scenario NAME            the built-in account's scenario: demo,
                             seed-fargate, seed-apprunner, healthy,
                             platform-missing, missing-shebang, graviton-ec2,
                             sidecar, revision-drop, lying-label, lambda,
                             hostile, log-flood, large, empty
  --max-layer-bytes N        compressed layer bytes that may be read to check
                             the file that failed (default 256MiB)
  --no-layer-read            never read image layers
  --fail-on CODE[,CODE…]     scan, check: exit 1 only for these codes
                             (EXD101, EXD103…; docs/codes/)
  --read-only                never offer or apply a change
  --dry-run / --yes          fix, undo: only print the plan / apply it
                             without asking
  --source REF               fix: the image to pull or copy the platform from
  --task-definition F:R      fix: the ECS revision to repair (default: the one
                             the failed deployment or tasks ran)
  --tag TAG                  fix: push to this tag (default: the same tag, or
                             a new one when the tags are immutable)
  --timeout D                scan: its whole budget (default 3m); fix: how
                             long to wait for the deployment (default 15m)
  --interactive / --no-interactive
                             force the app on or off (default: on when stdin
                             and stdout are terminals)
  -h, --help                 this help
  -v, --version              the version

Keys in the app
  ↑↓/jk move · enter open · tab select a command · c copy it · o AWS console
  esc back · ? every key · q quit

Exit codes
  0  nothing fails now: no findings, or only recovered ones (demo: it ran;
     fix: verified, or a dry run; check: it fits)
  1  a finding is still failing or rolled back (fix: applied but not
     verified; check: it does not fit)
  2  could not run: bad input, credentials, region, permissions, unknown
     cluster or service
  130  the app was quit before the scan finished

Every fix writes each change and its undo to a journal before making it:
$XDG_STATE_HOME/execdoctor/journal (default ~/.local/state/execdoctor/journal).

Credentials and region come from the AWS SDK's standard chain (environment,
profiles, SSO). AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> are honoured.
`;

/** `execdoctor <command> --help`: that command's usage, its flags and examples (gh-style). */
const commandHelp: Record<string, string> = {
	scan: `execdoctor scan: find exec format error incidents and trace each to its image

Usage
  execdoctor scan [--region R[,R2…] | --all-regions] [--profile P[,P2…]]
                  [--since 24h] [--cluster C] [--service S]
                  [--app-runner-service N] [--lambda-function F]
                  [--accounts A,B --role-name NAME
                   | --monitoring-account --role-name NAME]
                  [--max-layer-bytes 256MiB | --no-layer-read] [--timeout 3m]
                  [--json] [--fail-on CODE[,CODE…]]

Examples
  execdoctor scan --region eu-west-1
  execdoctor scan --since 30m --cluster prod --service api --fail-on EXD101
  execdoctor scan --cluster prod --since 2h --json | jq '.findings[].id'
  execdoctor scan --region eu-west-1,us-east-1 --profile prod
  execdoctor scan --monitoring-account --role-name execdoctor-read

Every finding has a stable code (docs/codes/<CODE>.md): EXD101 the image
lacks the platform, EXD102 the index lacks it, EXD103 the label lies, EXD104
a sidecar's image, EXD105 a revision dropped runtimePlatform, EXD106 Lambda
given an index, EXD201 not the architecture, EXD900 unknown.
Exit codes: 0 nothing fails now, 1 a finding fails or rolled back (with
--fail-on: one with those codes), 2 could not run.
`,
	demo: `execdoctor demo: scan (and the app) against the built-in simulated account

Usage
  execdoctor demo [--scenario NAME] [--json] [--since D] [--cluster C]
                  [--service S]

Examples
  execdoctor demo
  execdoctor demo --scenario lambda --json
  execdoctor demo --scenario sidecar

Scenarios: demo, seed-fargate, seed-apprunner, healthy, platform-missing,
missing-shebang, graviton-ec2, sidecar, revision-drop, lying-label, lambda,
hostile, log-flood, large, empty.
`,
	learn: `execdoctor learn: a walkthrough of the concepts, on live data

Usage
  execdoctor learn [--scenario NAME] [--region R --profile P]

Without --region or --profile it runs against the built-in simulated account;
with them, against yours (read-only). Without a terminal it prints the
chapters.
`,
	fix: `execdoctor fix: apply one fix after showing it, record its undo, verify it

Usage
  execdoctor fix (--cluster C --service S [--task-definition F:R]
                  | --app-runner-service NAME | --lambda-function NAME)
      --strategy redeploy|repush|copy-index|rebuild|patch-task-definition
                 |set-architecture
      [--source REF] [--tag TAG] (--dry-run | --yes) [--json] [--timeout 15m]
      [--region R]

Examples
  execdoctor fix --cluster prod --service api --strategy repush --dry-run
  execdoctor fix --cluster prod --service api --strategy repush \\
      --source grafana/grafana:11.2.0 --yes
  execdoctor fix --app-runner-service web --strategy copy-index \\
      --source nginx:1.27 --yes
  execdoctor fix --lambda-function resize --strategy set-architecture --yes
  execdoctor fix --scenario seed-fargate --cluster observability \\
      --service grafana --strategy repush --yes
      (the built-in simulated account and its simulated Mac: nothing real
      is changed)

In a terminal it asks before the first change; in a script, --dry-run prints
the plan and --yes applies it. Every change and its undo is written to the
journal first (execdoctor undo).
Exit codes: 0 verified (or a dry run), 1 applied but not verified, 2 refused
or nothing done.
`,
	undo: `execdoctor undo: take back a fix's changes from its journal, latest first

Usage
  execdoctor undo [JOURNAL] (--dry-run | --yes) [--json] [--profile P]

Examples
  execdoctor undo --dry-run
  execdoctor undo ~/.local/state/execdoctor/journal/2026-12-01T21-08-20Z-ecs-p\\
rod-api.jsonl --yes
`,
	check: `execdoctor check: before a deploy, does the image fit what it will run on?

Usage
  execdoctor check IMAGE --platform linux/amd64[,linux/arm64]
  execdoctor check [IMAGE] --for ecs:CLUSTER/SERVICE
  execdoctor check [IMAGE] --task-definition FILE.json|FAMILY:REV
  execdoctor check IMAGE --app-runner
  execdoctor check IMAGE --lambda FUNCTION
      [--local] [--json] [--junit FILE] [--fail-on CODE[,CODE…]]
      [--no-layer-read] [--region R] [--profile P] [--scenario NAME]

IMAGE is an ECR reference (read through the ECR API: no Docker needed), a
local image with --local (docker image inspect), or a path: an OCI image
layout directory or a docker save tarball. Without IMAGE, --for and
--task-definition check the image of every container of the task definition.
Where the label fits, the program the image starts is read from its layers,
so a label that lies fails too (EXD103); --no-layer-read trusts the label.

Examples
  execdoctor check "$ECR/api:v42" --platform linux/amd64,linux/arm64
  execdoctor check --task-definition taskdef.json --junit check.xml
  execdoctor check "$ECR/resize:3" --lambda resize
  execdoctor check ./image.tar --platform linux/amd64
  execdoctor check --scenario demo --for ecs:shop/checkout
      (against the built-in simulated account)

With GITHUB_ACTIONS=true it also writes ::error annotations (on stderr with
--json). Exit codes: 0 it fits, 1 it does not (with --fail-on: for those
codes), 2 it could not be checked.
`,
	report: `execdoctor report: the incident write-up, ready for a ticket

Usage
  execdoctor report [--since 24h] [--cluster C --service S | …]
                    [--out FILE] [--format md|json]

Scans as execdoctor scan does, then writes Markdown: the summary, a timeline
of the evidence and of the fixes applied from this machine (their journals),
each workload with its image digest and platforms, the verdict and why, each
fix with its changes, their undo and how its verification ended. In the app,
x writes the same to this folder.

Examples
  execdoctor report --since 6h --out incident.md
  execdoctor report --cluster prod --service api --format json | jq '.fixes'
`,
	mcp: `execdoctor mcp: a Model Context Protocol server on stdio, for AI assistants

Usage
  execdoctor mcp [--allow-fix] [--region R] [--profile P] [--scenario NAME]

Tools: scan, list_findings, explain_finding, check (all read-only); with
--allow-fix also plan_fix, a dry run that shows the steps and changes nothing.
No tool ever applies a change. Results are the JSON documents of the command
line, their strings made terminal-safe. Setup for Claude Desktop, Claude Code,
VS Code and Cursor: docs/mcp.md.
`,
	permissions: `execdoctor permissions: the IAM policy it needs, and what you lack

Usage
  execdoctor permissions [--fix] [--json] [--region R] [--profile P]

Prints the least-privilege policy for scanning (with --fix: for fixes too) on
stdout, so it can be saved: execdoctor permissions --fix > policy.json. With
credentials, it checks the identity with iam:SimulatePrincipalPolicy, or,
where that is not allowed, with calls that change nothing, and names on
stderr each missing action and what it turns off.

Exit codes: 0 nothing missing (or no credentials to check), 1 an action is
missing, 2 could not run.
`,
	history: `execdoctor history: the fix journals on this machine, newest first

Usage
  execdoctor history [--json]
`,
};

/** The help for the command `argv` names, or the whole help. */
export function helpFor(argv: readonly string[]): string {
	const command = argv.find(token => !token.startsWith('-'));
	return (command && commandHelp[command]) ?? helpText;
}
