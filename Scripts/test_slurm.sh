#!/bin/bash
# make test-slurm: a real one-node Slurm cluster on this machine runs 'radiomics slurm' over 12
# cases in 4 shards; one array task is requeued while it runs; the merged table must equal a
# single-machine batch byte for byte.
#
# Everything lives in a temporary folder: slurm.conf, state, spool, logs, a munged on its own
# socket and Slurm on ports of its own, so a cluster already on the machine is not touched.
# The daemons are stopped by their pid files on any exit. Each wait has a deadline; the Makefile
# also runs the whole script under timeout(1).
set -euo pipefail

BIN=$(readlink -f "${BIN:-.build/release/radiomics}")
FIXTURES=$(readlink -f Fixtures/ibsi/ibsi1)
START=$(date +%s)
say() { echo "test-slurm [$(( $(date +%s) - START )) s]: $*"; }
fail() { say "FAIL: $*"; exit 1; }
[ -x "$BIN" ] || fail "no $BIN (make build)"

SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
missing=""
for p in slurm-wlm munge; do dpkg-query -W -f='${Status}' $p 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"; done
if [ -n "$missing" ]; then
  say "installing$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing > /dev/null
fi

W=$(mktemp -d /tmp/radiomics-slurm.XXXXXX)
chmod 755 "$W"
mkdir -p "$W/munge" "$W/state" "$W/spool" "$W/cases" "$W/out"
chown munge:munge "$W/munge"
chmod 755 "$W/munge"

stop() {
  local status=$?
  set +e
  if [ -f "$W/slurmctld.pid" ]; then SLURM_CONF="$W/slurm.conf" timeout 10 scancel --quiet --user root 2>/dev/null; fi
  for f in slurmd slurmctld munge/munged; do
    [ -f "$W/$f.pid" ] || continue
    pid=$(cat "$W/$f.pid")
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
  done
  if [ "$status" != 0 ]; then
    echo "--- slurmctld.log (tail)"; tail -20 "$W/slurmctld.log" 2>/dev/null
    echo "--- slurmd.log (tail)"; tail -20 "$W/slurmd.log" 2>/dev/null
    for f in "$W"/out/features.csv.slurm/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -20 "$f"; }; done
  fi
  rm -rf "$W"
  exit "$status"
}
trap stop EXIT
trap 'exit 143' TERM INT

# munged on its own socket (it refuses to run as root).
runuser -u munge -- /usr/sbin/munged --socket="$W/munge/munge.socket" --pid-file="$W/munge/munged.pid" \
  --log-file="$W/munge/munged.log" --seed-file="$W/munge/munged.seed"
for _ in $(seq 50); do [ -S "$W/munge/munge.socket" ] && break; sleep 0.1; done
[ -S "$W/munge/munge.socket" ] || fail "munged did not start"

HOST=$(hostname -s)
PORT=$(( 20000 + RANDOM % 20000 ))
NODE=$(slurmd -C | head -1 | sed "s/^NodeName=[^ ]*/NodeName=$HOST/; s/ CPUs=[0-9]*/ CPUs=2/")
cat > "$W/slurm.conf" <<EOF
ClusterName=radiomicstest
SlurmctldHost=$HOST
SlurmctldPort=$PORT
SlurmdPort=$(( PORT + 1 ))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$W/munge/munge.socket,cred_expire=10
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MailProg=/bin/true
KillWait=5
MinJobAge=600
$NODE State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$W/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 150); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 0.2; done
sinfo -h -o %T | grep -q idle || fail "the node did not become idle"
say "cluster up: node $HOST, ports $PORT/$(( PORT + 1 ))"

# 12 cases: the CT phantom (whole texture set, about a second each) and the digital phantom.
M="$W/cases/cases.csv"
echo "ID,Image,Mask,Label" > "$M"
for i in $(seq -w 1 12); do
  if [ $(( 10#$i % 3 )) = 0 ]; then echo "dp-$i,$FIXTURES/digital_phantom/nifti/image/phantom.nii.gz,$FIXTURES/digital_phantom/nifti/mask/mask.nii.gz,all" >> "$M"
  else echo "ct-$i,$FIXTURES/ct_phantom/nifti/image/phantom.nii.gz,$FIXTURES/ct_phantom/nifti/mask/mask.nii.gz," >> "$M"; fi
done
CONFIG="$W/cases/settings.yaml"
printf 'preset: ibsi1-config-c\ntexture:\n  dimension: all\n' > "$CONFIG"

t0=$(date +%s.%N)
"$BIN" batch "$M" -o "$W/single.csv" --config "$CONFIG" --jobs 2 -q
say "single-machine batch: $(awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $t0}") s"

ids=$("$BIN" slurm "$M" --shards 4 -o "$W/out/features.csv" --config "$CONFIG" --time 10:00 --submit)
echo "$ids"
ARRAY=$(echo "$ids" | sed -n 's/^array job \([0-9]*\).*/\1/p')
MERGE=$(echo "$ids" | sed -n 's/^merge job \([0-9]*\).*/\1/p')
[ -n "$ARRAY" ] && [ -n "$MERGE" ] || fail "no job ids from radiomics slurm --submit"

# Requeue the first task seen running with at least one row written (header + a row).
REQUEUED=""
deadline=$(( $(date +%s) + 120 ))
while [ -z "$REQUEUED" ] && [ "$(date +%s)" -lt "$deadline" ]; do
  for k in 1 2 3 4; do
    state=$(squeue -h -j "${ARRAY}_$k" -o %T 2>/dev/null || true)
    f="$W/out/features.csv.slurm/shard-$k.csv"
    lines=0; [ -f "$f" ] && lines=$(wc -l < "$f")
    if [ "$state" = RUNNING ] && [ "$lines" -ge 2 ] && [ "$lines" -le 3 ]; then
      scontrol requeue "${ARRAY}_$k" && REQUEUED=$k && say "requeued task ${ARRAY}_$k with $((lines - 1)) of its 3 rows written"
      break
    fi
  done
  sleep 0.1
done
[ -n "$REQUEUED" ] || fail "no task was caught running with rows written"

deadline=$(( $(date +%s) + 240 ))
while squeue -h -j "$MERGE" 2>/dev/null | grep -q .; do
  [ "$(date +%s)" -lt "$deadline" ] || fail "the merge job did not finish within 240 s"
  sleep 1
done
say "array and merge jobs done"
merge_state=$(scontrol show job "$MERGE" | grep -oE "JobState=[A-Z]+|ExitCode=[0-9:]+" | tr '\n' ' ')
say "merge job: $merge_state"
case "$merge_state" in *JobState=COMPLETED*ExitCode=0:0*) ;; *) fail "the merge job did not complete with exit 0";; esac
grep -q "restart 1" "$W/out/features.csv.slurm/shard-$REQUEUED.log" || fail "task $REQUEUED did not restart"
grep -q "resuming .*: [12] of 3 cases already complete" "$W/out/features.csv.slurm/shard-$REQUEUED.log" \
  || fail "task $REQUEUED did not resume its rows"
cmp "$W/out/features.csv" "$W/single.csv" || fail "the merged table differs from the single-machine batch"
say "PASS: merged table of 4 shards (task $REQUEUED requeued and resumed) is byte-identical to the single-machine batch ($(( $(wc -l < "$W/single.csv") - 1 )) rows)"
