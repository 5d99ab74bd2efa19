# Sourced by the scale benchmarks: what one process costs over a stretch of time.
# cpu_rss PID SECONDS: sleeps SECONDS, then sets CPU_S (user + system CPU seconds the
# process used meanwhile, from /proc/PID/stat), RSS_KB and HWM_KB (resident now and at
# its peak, from /proc/PID/status).
cpu_rss() {
    local pid=$1 secs=$2 tck u0 s0 u1 s1
    tck=$(getconf CLK_TCK)
    read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$pid/stat")
    sleep "$secs"
    read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat")
    CPU_S=$(awk -v a="$u0" -v b="$s0" -v c="$u1" -v d="$s1" -v t="$tck" 'BEGIN {printf "%.3f", (c - a + d - b) / t}')
    RSS_KB=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
    HWM_KB=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
}
