#!/bin/bash
# Installs pcluster-agent on a ParallelCluster head node. ParallelCluster runs it as root, as the head node's
# CustomActions.OnNodeConfigured script (pcluster-bootstrap render writes that entry, stage uploads this file):
#
#   pcluster-agent-postinstall.sh BUNDLE_URI SHA256 [AGENT_OPTION...]
#
# BUNDLE_URI (s3:// through the node's AWS CLI, or https://) is refused unless its sha256 is SHA256. The
# AGENT_OPTIONs (such as --set health.expectedNodes=16, without spaces inside one) go to the agent and the runner.
# Installs the jar under /opt/pcluster-agent/<version> (current -> it), /etc/pcluster-agent/config.yaml when there
# is none yet, the systemd units, the job user, then enables and (re)starts both services. Running it again with
# the same or a newer bundle is safe. PCAGENT_ROOT (default: empty, i.e. /) prefixes every path it writes, for tests.
set -euo pipefail

log() { echo "pcluster-agent-postinstall: $*" >&2; }
die() { log "$*"; exit 1; }

[ $# -ge 2 ] || die "usage: $0 BUNDLE_URI SHA256 [AGENT_OPTION...]"
bundle_uri=$1
sha256=$2
shift 2
[[ $sha256 =~ ^[0-9a-f]{64}$ ]] || die "SHA256 must be 64 lower-case hex digits, got '$sha256'"
for option in "$@"; do
  [[ $option =~ ^[^[:space:]\"\'\\]+$ ]] || die "agent option '$option' has spaces, quotes or backslashes: not supported"
done

root=${PCAGENT_ROOT:-}
prefix=$root/opt/pcluster-agent
etc=$root/etc/pcluster-agent
units=$root/etc/systemd/system
job_user=pcagent-jobs

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

case $bundle_uri in
  s3://*) aws s3 cp --only-show-errors "$bundle_uri" "$work/bundle.tar.gz" || die "cannot fetch $bundle_uri" ;;
  https://*) curl --fail --silent --show-error --location --output "$work/bundle.tar.gz" "$bundle_uri" || die "cannot fetch $bundle_uri" ;;
  *) die "BUNDLE_URI must be an s3:// or https:// URI, got '$bundle_uri'" ;;
esac
actual=$(sha256sum "$work/bundle.tar.gz" | cut -d' ' -f1)
[ "$actual" = "$sha256" ] || die "$bundle_uri has sha256 $actual, not $sha256: refused"

mkdir "$work/bundle"
tar -xzf "$work/bundle.tar.gz" -C "$work/bundle" --no-same-owner
version=$(cat "$work/bundle/VERSION")
[[ $version =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "the bundle's VERSION is not a version: '$version'"

java_major() {
  java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {
    split($2, v, "."); print (v[1] == 1 ? v[2] : v[1]) }'
}
if ! command -v java > /dev/null || [ "$(java_major)" -lt 17 ]; then
  log "installing Java 17"
  if command -v dnf > /dev/null; then
    dnf install -y java-17-amazon-corretto-headless
  elif command -v yum > /dev/null; then
    yum install -y java-17-amazon-corretto-headless
  elif command -v apt-get > /dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y openjdk-17-jre-headless
  else
    die "no Java 17 and no dnf, yum or apt-get to install it"
  fi
fi

install -d -m 0755 "$prefix/$version" "$prefix/bin" "$units"
install -d -m 0700 "$etc"
install -m 0644 "$work/bundle/pcluster-agent.jar" "$prefix/$version/pcluster-agent.jar"
ln -sfn "$version" "$prefix/current"
cat > "$prefix/bin/pcluster-agent" <<'WRAPPER'
#!/bin/bash
exec java ${PCAGENT_JAVA_OPTS:-} -jar /opt/pcluster-agent/current/pcluster-agent.jar "$@"
WRAPPER
chmod 0755 "$prefix/bin/pcluster-agent"
if [ ! -e "$etc/config.yaml" ]; then
  install -m 0644 "$work/bundle/config/agent.yaml" "$etc/config.yaml"
fi
printf 'PCAGENT_ARGS=%s\n' "$*" > "$etc/agent.env"
install -m 0644 "$work/bundle/systemd/pcluster-agent.service" "$work/bundle/systemd/pcluster-agent-runner.service" "$units/"

if ! id "$job_user" > /dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin "$job_user"
fi
install -d -m 0755 "$root/home/pcluster-agent" "$root/home/pcluster-agent/runs"

systemctl daemon-reload
systemctl enable pcluster-agent.service pcluster-agent-runner.service
systemctl restart pcluster-agent.service pcluster-agent-runner.service
log "pcluster-agent $version installed and started (port 9810; config $etc/config.yaml)"
