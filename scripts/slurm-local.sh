#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for trying sweeps on a job array
# and for the `slurm` test: munged, slurmctld and slurmd run from a scratch
# folder (Debian's slurm-wlm and munge; no systemd, nothing under /etc).
#
#   scripts/slurm-local.sh start DIR   starts them; prints the line to use it:
#                                       export SLURM_CONF=DIR/slurm.conf
#   scripts/slurm-local.sh stop DIR    stops them by their PID files
#
# munged has its own key and socket in DIR/munge; Slurm finds the socket
# through AuthInfo in DIR/slurm.conf. The node is "localnode" on 127.0.0.1
# with this machine's cores, partition "debug". Needs root (slurmd runs
# jobs as their users) or a user that may run the daemons.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)

stop_pid() { # PID file, name
  local f=$1 name=$2 pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    echo "slurm-local: stopped $name ($pid)"
  fi
  rm -f "$f"
}

case "$cmd" in
stop)
  stop_pid "$dir/slurmd.pid" slurmd
  stop_pid "$dir/slurmctld.pid" slurmctld
  stop_pid "$dir/munge/munged.pid" munged
  exit 0
  ;;
start) ;;
*) usage ;;
esac

for bin in munged slurmctld slurmd sbatch; do
  command -v "$bin" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin"
  command -v "$bin" >/dev/null 2>&1 || { echo "slurm-local: $bin not found (apt-get install slurm-wlm munge)" >&2; exit 3; }
done

user=$(id -un)
mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
chmod 0700 "$dir/munge"

# munge: a fresh key, its own socket, log, PID and seed files.
if [ ! -f "$dir/munge/munge.key" ]; then
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 0400 "$dir/munge/munge.key"
fi
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket.2" \
  --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed"
for _ in $(seq 50); do [ -S "$dir/munge/munge.socket.2" ] && break; sleep 0.1; done
[ -S "$dir/munge/munge.socket.2" ] || { echo "slurm-local: munged did not start (see $dir/log/munged.log)" >&2; exit 1; }

# Two free ports for the daemons, from a range picked by this folder's path.
free_port() {
  local p
  for p in $(seq "$1" $(( $1 + 200 ))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  echo "$1"
}
base=$(( 20000 + $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 20000 ))
ctld_port=$(free_port "$base")
slurmd_port=$(free_port $(( ctld_port + 1 )))
host=$(hostname -s)
cpus=$(nproc)

cat > "$dir/slurm.conf" <<EOF
# A one-node cluster for scalelab's sweeps (scripts/slurm-local.sh).
ClusterName=scalelab-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.socket.2
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SchedulerParameters=sched_interval=1
MessageTimeout=20
SlurmdTimeout=60
InactiveLimit=0
MinJobAge=600
NodeName=localnode NodeAddr=127.0.0.1 NodeHostname=$host CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=localnode Default=YES MaxTime=INFINITE State=UP
EOF

export SLURM_CONF="$dir/slurm.conf"
slurmctld -f "$SLURM_CONF" -i
slurmd -f "$SLURM_CONF" -N localnode
for _ in $(seq 100); do
  state=$(sinfo -h -n localnode -o '%T' 2>/dev/null || true)
  case "$state" in idle*|mixed*|allocated*) break ;; esac
  sleep 0.2
done
case "$state" in
idle*|mixed*|allocated*) ;;
*) echo "slurm-local: the node is not up (state '${state:-none}'; see $dir/log)" >&2; exit 1 ;;
esac
echo "slurm-local: one-node Slurm up in $dir ($cpus CPUs, partition debug)"
echo "export SLURM_CONF=$SLURM_CONF"
