declare const __EXECDOCTOR_VERSION__: string;

export const version = typeof __EXECDOCTOR_VERSION__ === 'string' ? __EXECDOCTOR_VERSION__ : '0.0.0-dev';

export const helpText = `execdoctor ${version}
Find, explain and fix \`exec format error\` on Amazon ECS, AWS App Runner and AWS Lambda.

Usage
  execdoctor [options]            in a terminal: the interactive troubleshooter; otherwise: scan
  execdoctor scan [options]       find incidents and trace each to its image (plain text or --json)
  execdoctor demo [options]       the same, against the built-in simulated account
  execdoctor learn [options]      a walkthrough of the concepts, on live data (built-in account,
                                  or yours with --region/--profile)
  execdoctor fix (--cluster C --service S [--task-definition F:R] | --app-runner-service NAME
                  | --lambda-function NAME)
      --strategy redeploy|repush|copy-index|rebuild|patch-task-definition|set-architecture
      [--source REF] [--tag TAG] (--dry-run | --yes) [--json] [--timeout 15m]
                                  apply a fix after showing every step, record its undo, verify it
  execdoctor undo [JOURNAL] (--dry-run | --yes) [--json]
                                  take back a fix's changes from its journal, latest first
                                  (default: the newest journal)
  execdoctor history [--json]     the fix journals on this machine, newest first

Options
  --region R[,R2…]           AWS region (default: AWS_REGION or the profile's region); scan and
                             the app take several, scanned in parallel
  --all-regions              scan and the app: every region enabled for the account
  --profile P[,P2…]          AWS profile (default: AWS_PROFILE, then the default chain); scan
                             and the app take several accounts' profiles
  --accounts A,B --role-name NAME
                             scan and the app: assume role NAME in each account (sts:AssumeRole)
  --monitoring-account --role-name NAME
                             scan and the app: from a CloudWatch monitoring account, search the
                             linked accounts' logs, then scan only those with hits
  --since D                  how far back: 30m, 6h, 2d, or an ISO date (default 24h)
  --cluster C                only this ECS cluster (name or ARN)
  --service S                only this ECS service (with --cluster, or searched in every cluster)
  --app-runner-service NAME  only this App Runner service (name or ARN)
  --lambda-function NAME     only this Lambda function (name or ARN)
  --json                     print one JSON document (see docs/json-output.md)
  --scenario NAME            demo and learn: demo, seed-fargate, seed-apprunner, healthy,
                             platform-missing, missing-shebang, graviton-ec2, sidecar,
                             revision-drop, lying-label, lambda, hostile, log-flood, large,
                             empty
  --max-layer-bytes N        how many compressed layer bytes may be read to check the file that
                             failed, when the labels cannot explain it (default 256MiB)
  --no-layer-read            never read image layers
  --read-only                never offer or apply a change
  --dry-run / --yes          fix, undo: only print the plan / apply it without asking
  --source REF               fix: the image to pull or copy the right platform from
  --task-definition F:R      fix: the ECS revision to repair (default: the one the service's
                             failed deployment or tasks ran, else the one it runs)
  --tag TAG                  fix: push to this tag (default: the same tag, or a new one when
                             the repository's tags are immutable)
  --timeout D                scan: the whole scan's budget (default 3m); fix: how long to wait
                             for the deployment to verify (default 15m)
  --interactive / --no-interactive
                             force the app on or off (default: on when stdin and stdout are
                             terminals)
  -h, --help                 this help
  -v, --version              the version

Keys in the app
  ↑↓/jk move · enter open · tab select a command · c copy it · o AWS console · esc back
  ? every key · q quit

Exit codes
  0  nothing fails now: no findings, or only recovered ones (demo: it ran; fix: verified,
     or a dry run)
  1  a finding is still failing or rolled back (fix: applied but not verified)
  2  could not run: bad input, credentials, region, permissions, unknown cluster or service
  130  the app was quit before the scan finished

Every fix writes each change and its undo to a journal before making it:
$XDG_STATE_HOME/execdoctor/journal (default ~/.local/state/execdoctor/journal).

Credentials and region come from the AWS SDK's standard chain (environment, profiles, SSO).
AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> are honoured.
`;
