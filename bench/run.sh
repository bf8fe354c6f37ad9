#!/usr/bin/env bash
# Benchmark of xweb-preferences: builds the server, starts it on a fresh data
# directory, loads it over loopback with wrk, and prints a table. See
# bench/README.md for what it measures and how to read the table.
#
#   bench/run.sh [--quick] [--db h2|postgres|both] [options]
#
# Every process it starts (server, static responder, wrk, PostgreSQL) is
# stopped when it ends, also on Ctrl-C.
set -uo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
JAR=$REPO/target/xweb-server.jar
LUA=$BENCH_DIR/load.lua

# ---------------------------------------------------------------- options

usage() {
    cat <<'EOF'
usage: bench/run.sh [--quick] [--db h2|postgres|both] [options]

  --quick             short runs to check the harness: 1 round of 3 s, warm-up
                      capped at 8 s, the long run as 6 x 2 s. Figures are not
                      steady-state: never quote them as results.
  --db WHICH          h2 (the embedded default), postgres, both (default), or
                      none (the ceiling and the bare Metro reference only)
  --no-bare-metro     skip the bare Metro reference (GetAll from memory)
  --rounds N          measurements of each scenario and connection count (default 2)
  --duration S        seconds of each measurement (default 15)
  --warmup-cap S      longest warm-up per server, in seconds (default 300)
  --warmup-chunk S    seconds per scenario in a warm-up cycle (default 5)
  --jit-idle PCT      warm when the JIT compiler threads used at most PCT % of
                      one core over a whole warm-up cycle (default 1)
  --long S            the long SOAP Set run, in seconds, as 6 equal parts (default 60; 0: skip)
  --connections LIST  connection counts, comma-separated (default 8,64)
  --jvm-opts "OPTS"   JVM options for the server and the responder (default:
                      $XWEB_BENCH_JVM_OPTS, else none, as the server ships)
  --pool N            customers seeded for GetAll (default 1000)
  --no-build          use target/xweb-server.jar as it is
  --keep              keep the data directories
  -h, --help          this text
EOF
}

QUICK=false
DBS=both
ROUNDS=2
DURATION=15
WARMUP_CAP=300
WARMUP_CHUNK=5
JIT_IDLE=1
LONG=60
CONNECTIONS=8,64
JVM_OPTS=${XWEB_BENCH_JVM_OPTS:-}
POOL=1000
BUILD=true
KEEP=false
BARE_METRO=true
WRK_THREADS=2
declare -A SET_BY_USER=()

COMMAND="bench/run.sh${*:+ $*}"
while (($#)); do
    case $1 in
        --quick) QUICK=true ;;
        --db) DBS=${2:?--db needs a value}; shift ;;
        --rounds) ROUNDS=${2:?}; SET_BY_USER[rounds]=1; shift ;;
        --duration) DURATION=${2:?}; SET_BY_USER[duration]=1; shift ;;
        --warmup-cap) WARMUP_CAP=${2:?}; SET_BY_USER[cap]=1; shift ;;
        --warmup-chunk) WARMUP_CHUNK=${2:?}; SET_BY_USER[chunk]=1; shift ;;
        --jit-idle) JIT_IDLE=${2:?}; shift ;;
        --long) LONG=${2:?}; SET_BY_USER[long]=1; shift ;;
        --connections) CONNECTIONS=${2:?}; shift ;;
        --jvm-opts) JVM_OPTS=${2?}; shift ;;
        --pool) POOL=${2:?}; shift ;;
        --no-build) BUILD=false ;;
        --keep) KEEP=true ;;
        --no-bare-metro) BARE_METRO=false ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench/run.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

if $QUICK; then
    [[ -v SET_BY_USER[rounds] ]] || ROUNDS=1
    [[ -v SET_BY_USER[duration] ]] || DURATION=3
    [[ -v SET_BY_USER[cap] ]] || WARMUP_CAP=8
    [[ -v SET_BY_USER[chunk] ]] || WARMUP_CHUNK=2
    [[ -v SET_BY_USER[long] ]] || LONG=12
fi
case $DBS in
    h2) DB_LIST=(h2) ;;
    postgres) DB_LIST=(postgres) ;;
    both) DB_LIST=(h2 postgres) ;;
    none) DB_LIST=() ;;
    *) echo "bench/run.sh: --db: '$DBS' is not one of h2, postgres, both, none" >&2; exit 2 ;;
esac
IFS=, read -ra CONN_LIST <<<"$CONNECTIONS"
read -ra JVM_ARGS <<<"$JVM_OPTS"

SCENARIOS=(soap-set soap-getall json-bearer json-basic)
declare -A SCENARIO_NAME=(
    [ceiling]="ceiling (static)"
    [metro-getall]="bare Metro GetAll"
    [soap-set]="SOAP Set"
    [soap-getall]="SOAP GetAll"
    [json-bearer]="JSON Set Bearer"
    [json-basic]="JSON Set Basic"
)
BENCH_USER=bench
BENCH_PASSWORD=bench-password
BASIC=$(printf '%s:%s' "$BENCH_USER" "$BENCH_PASSWORD" | base64 -w0)
CLK_TCK=$(getconf CLK_TCK)
NCPU=$(nproc)

# ---------------------------------------------------------------- processes and clean-up

JAVA_PIDS=()       # server and responder JVMs this script started
PG_DIR=""          # the throwaway PostgreSQL cluster, while it runs
PG_RUNNING=false
WRK_PID=""
TEMP_DIRS=()

log() {
    local line
    line="[$(date +%H:%M:%S)] $*"
    [[ -n ${OUT:-} ]] && echo "$line" >>"$OUT/run.log"
    echo "$line" >&2
}

die() {
    log "ERROR: $*"
    exit 1
}

stop_java() {
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 300; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "process $pid did not stop in 30 s; killing it"
        kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
    local remaining=()
    for i in "${JAVA_PIDS[@]}"; do [[ $i != "$pid" ]] && remaining+=("$i"); done
    JAVA_PIDS=("${remaining[@]}")
}

cleanup() {
    trap - EXIT INT TERM
    [[ -n $WRK_PID ]] && kill -TERM "$WRK_PID" 2>/dev/null
    local pid
    for pid in "${JAVA_PIDS[@]}"; do stop_java "$pid"; done
    $PG_RUNNING && pg_stop
    local dir
    for dir in "${TEMP_DIRS[@]}"; do rm -rf "$dir"; done
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

as_postgres() {
    if ((EUID == 0)); then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
    done
}

# ---------------------------------------------------------------- measurements from /proc

# CPU ticks (user + system) of process $1, all its threads.
proc_ticks() {
    local stat rest
    stat=$(<"/proc/$1/stat") 2>/dev/null || { echo 0; return; }
    rest=${stat##*) }
    read -ra f <<<"$rest"
    echo $((f[11] + f[12]))
}

# "tid ticks" of each JIT compiler thread of JVM $1 (C1/C2 CompilerThreadN;
# the kernel keeps 15 characters of a thread name).
jit_ticks() {
    local task comm stat rest
    for task in /proc/"$1"/task/*; do
        comm=$(<"$task/comm") 2>/dev/null || continue
        [[ $comm == C[12]\ CompilerThre* ]] || continue
        stat=$(<"$task/stat") 2>/dev/null || continue
        rest=${stat##*) }
        read -ra f <<<"$rest"
        echo "${task##*/} $((f[11] + f[12]))"
    done
}

# Ticks the compiler threads used between two jit_ticks samples ($1, $2).
# Threads that ended in between are lost; JDK 17 on 2 cores has one C1 and
# one C2 thread for the whole life of the JVM.
jit_delta() {
    awk 'NR == FNR { before[$1] = $2; next } { used += $2 - before[$1] } END { print used + 0 }' \
        <(echo "$1") <(echo "$2")
}

# Busy and total ticks of the whole machine, from /proc/stat.
machine_ticks() {
    awk '/^cpu / { total = 0; for (i = 2; i <= NF; i++) total += $i; idle = $5 + $6; print total - idle, total }' /proc/stat
}

# CPU ticks of the PostgreSQL cluster: the postmaster and its children.
pg_ticks() {
    $PG_RUNNING || { echo 0; return; }
    local pm sum=0 p stat rest
    pm=$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null) || { echo 0; return; }
    for p in "$pm" $(cat "/proc/$pm/task/$pm/children" 2>/dev/null); do
        # a backend may exit between the listing and the read: skip it, quietly
        { stat=$(<"/proc/$p/stat"); } 2>/dev/null || continue
        rest=${stat##*) }
        read -ra f <<<"$rest"
        sum=$((sum + f[11] + f[12]))
    done
    echo "$sum"
}

hwm_reset() { echo 5 >"/proc/$1/clear_refs" 2>/dev/null || HWM_RESETS=false; }
hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
HWM_RESETS=true

# User and system seconds of this shell's waited-for children (wrk among them).
# `times` must run in this shell itself: a subshell's children are its own.
children_cpu_seconds() {
    times >"$OUT/times.txt"
    awk 'NR == 2 { split($1, u, /m|s/); split($2, s, /m|s/); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$OUT/times.txt"
}

now() { date +%s.%N; }

# ---------------------------------------------------------------- one wrk run

# run_wrk TARGET_PID BASE SCENARIO CONNECTIONS SECONDS
# Sets R_REQUESTS R_RPS R_P50 R_P99 R_MAX R_ERRORS R_BYTES R_CPU_US R_DB_CPU_US R_JIT R_OTHER R_HWM R_SECONDS.
run_wrk() {
    local pid=$1 base=$2 scenario=$3 conns=$4 seconds=$5
    local lua_scenario=$scenario out cpu0 cpu1 pg0 pg1 m0 m1 w0 w1 t0 t1 j0 j1 jit line
    [[ $scenario == ceiling ]] && lua_scenario=soap-set
    [[ $scenario == metro-getall ]] && lua_scenario=soap-getall
    out=$OUT/wrk-last.txt
    hwm_reset "$pid"
    cpu0=$(proc_ticks "$pid"); pg0=$(pg_ticks); read -r m0 _ < <(machine_ticks); j0=$(jit_ticks "$pid")
    children_cpu_seconds >"$OUT/w0.txt"; w0=$(<"$OUT/w0.txt"); t0=$(now)
    SCENARIO=$lua_scenario TOKEN=${TOKEN:-} BASIC=$BASIC POOL=$POOL \
        wrk -t"$WRK_THREADS" -c"$conns" -d"${seconds}s" --timeout 5s -s "$LUA" "$base/" >"$out" 2>&1 &
    WRK_PID=$!
    wait "$WRK_PID"
    local rc=$?
    WRK_PID=""
    t1=$(now); children_cpu_seconds >"$OUT/w1.txt"; w1=$(<"$OUT/w1.txt")
    cpu1=$(proc_ticks "$pid"); pg1=$(pg_ticks); read -r m1 _ < <(machine_ticks); j1=$(jit_ticks "$pid")
    R_HWM=$(hwm_kib "$pid")
    line=$(grep '^BENCH ' "$out")
    [[ $rc == 0 && -n $line ]] || { cat "$out" >&2; die "wrk failed ($scenario, $conns connections)"; }
    # BENCH requests=N duration_us=N ... from load.lua's done()
    local -A f=()
    local pair
    for pair in ${line#BENCH }; do f[${pair%%=*}]=${pair#*=}; done
    local requests=${f[requests]} duration_us=${f[duration_us]} p50=${f[p50_us]} p99=${f[p99_us]} max=${f[max_us]}
    R_REQUESTS=$requests
    R_BYTES=${f[bytes]}
    R_ERRORS=$((f[status_errors] + f[socket_errors] + f[timeouts]))
    R_SECONDS=$(awk -v d="$duration_us" 'BEGIN { printf "%.3f", d / 1e6 }')
    R_RPS=$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { printf "%.0f", (d > 0 ? r * 1e6 / d : 0) }')
    R_P50=$(awk -v v="$p50" 'BEGIN { printf "%.2f", v / 1000 }')
    R_P99=$(awk -v v="$p99" 'BEGIN { printf "%.2f", v / 1000 }')
    R_MAX=$(awk -v v="$max" 'BEGIN { printf "%.1f", v / 1000 }')
    jit=$(jit_delta "$j0" "$j1")
    R_JIT=$(awk -v j="$jit" -v t="$CLK_TCK" -v s0="$t0" -v s1="$t1" 'BEGIN { printf "%.0f", 100 * j / t / (s1 - s0) }')
    # the server's CPU per request, less what the JIT compiler threads used meanwhile
    R_CPU_US=$(awk -v c=$((cpu1 - cpu0 - jit)) -v t="$CLK_TCK" -v r="$requests" \
        'BEGIN { printf "%.0f", (r > 0 ? c / t * 1e6 / r : 0) }')
    R_DB_CPU_US=$(awk -v c=$((pg1 - pg0)) -v t="$CLK_TCK" -v r="$requests" \
        'BEGIN { printf "%.0f", (r > 0 ? c / t * 1e6 / r : 0) }')
    # CPU the rest of the machine used meanwhile (builds, tests, ...), as % of all cores:
    # busy ticks of the machine less the server's, PostgreSQL's and wrk's.
    R_OTHER=$(awk -v busy=$((m1 - m0)) -v srv=$((cpu1 - cpu0)) -v pg=$((pg1 - pg0)) -v w0="$w0" -v w1="$w1" \
        -v t="$CLK_TCK" -v s0="$t0" -v s1="$t1" -v n="$NCPU" \
        'BEGIN { o = (busy - srv - pg) / t - (w1 - w0); if (o < 0) o = 0; printf "%.0f", 100 * o / ((s1 - s0) * n) }')
    if ((R_ERRORS > 0)); then
        log "  $scenario: $R_ERRORS errors (status ${f[status_errors]}, socket ${f[socket_errors]}, timeouts ${f[timeouts]})"
    fi
}

# ---------------------------------------------------------------- servers

# start_java LOG_PREFIX PATTERN COMMAND...: starts a JVM in the background, waits
# for PATTERN on its stdout, and sets STARTED_PID and STARTED_URL.
start_java() {
    local prefix=$1 pattern=$2
    shift 2
    "$@" >"$prefix.out" 2>"$prefix.err" </dev/null &
    STARTED_PID=$!
    JAVA_PIDS+=("$STARTED_PID")
    local i
    for ((i = 0; i < 1200; i++)); do
        if grep -q "$pattern" "$prefix.out" 2>/dev/null; then
            STARTED_URL=$(grep -o 'http://[^ ]*' "$prefix.out" | head -1)
            return 0
        fi
        kill -0 "$STARTED_PID" 2>/dev/null || { tail -20 "$prefix.err" >&2; die "$* exited before it was ready"; }
        sleep 0.1
    done
    die "$* was not ready after 120 s"
}

# start_server NAME DATA_DIR [EXTRA ARGS]: sets SERVER_PID and BASE.
start_server() {
    local name=$1 data=$2
    shift 2
    XWEB_BOOTSTRAP_USER=$BENCH_USER XWEB_BOOTSTRAP_PASSWORD=$BENCH_PASSWORD \
        start_java "$OUT/server-$name" "listening on" \
        java "${JVM_ARGS[@]}" -jar "$JAR" serve --port 0 --data-dir "$data" --token-ttl 2h "$@"
    SERVER_PID=$STARTED_PID
    BASE=${STARTED_URL%/xWeb/*}
    log "server ($name) pid $SERVER_PID at $BASE"
}

authenticate() {
    local answer
    answer=$(curl -sf "$BASE/xWeb/JSON/Authenticate" -H 'Content-Type: application/json' \
        --data "{\"Authenticate\":{\"userName\":\"$BENCH_USER\",\"password\":\"$BENCH_PASSWORD\"}}") \
        || die "Authenticate failed at $BASE"
    TOKEN=$(sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p' <<<"$answer")
    [[ -n $TOKEN ]] || die "no token in '$answer'"
}

# One SOAP Set by curl, its answer kept in $1.body and $1.headers.
soap_set_once() {
    local prefix=$1
    local envelope
    envelope='<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.avectra.com/2005/"><soapenv:Header><ns:AuthorizationToken><ns:Token>'$TOKEN'</ns:Token></ns:AuthorizationToken></soapenv:Header><soapenv:Body><ns:SetCustomerCommunicationPreferences><ns:customerKey>fadff57b-c6ef-4130-be1e-07000a38056f</ns:customerKey><ns:preferences><ns:MailingListSetting><ns:mailing_list_key>b31c52e4-29c1-4a65-8c53-0626342c920d</ns:mailing_list_key><ns:status>OptIn</ns:status></ns:MailingListSetting><ns:MailingListSetting><ns:mailing_list_key>6cc179ee-99c3-4b6b-8bab-36574550a5e5</ns:mailing_list_key><ns:status>OptOut</ns:status></ns:MailingListSetting></ns:preferences></ns:SetCustomerCommunicationPreferences></soapenv:Body></soapenv:Envelope>'
    curl -sf "$BASE/xWeb/Secure/netForumXML.asmx" -D "$prefix.headers" -o "$prefix.body" \
        -H 'Content-Type: text/xml; charset=utf-8' \
        -H 'SOAPAction: "http://www.avectra.com/2005/SetCustomerCommunicationPreferences"' \
        --data "$envelope" || die "SOAP Set failed at $BASE"
}

# The key of pool customer $1, into KEY: the same as pool_key in load.lua.
pool_key() {
    local i=$1
    printf -v KEY '%04x%04x-0000-4000-8000-%012d' $(((i * 40503) % 65536)) $(((i * 2654435761) % 65536)) "$i"
}

# Stores the POOL customers that GetAll reads: one JSON Set each (the settings of
# the Set scenarios), by one curl over keep-alive connections, every answer checked.
seed_pool() {
    local config=$OUT/seed.curl i body
    for ((i = 0; i < POOL; i++)); do
        pool_key "$i"
        body='{"SetCustomerCommunicationPreferences":{"customerKey":"'$KEY'","preferences":[{"mailing_list_key":"b31c52e4-29c1-4a65-8c53-0626342c920d","mailing_list_name":"Instructors - Online","mailing_list_category":"Instructors","status":"OptIn","email_key":"abc320db-863f-441a-8ab4-5fc827fc33c2","address_key":"0f37de1d-a608-4ebc-bad1-7beaa3102f60","phone_key":"f46291d8-6b16-467f-97ef-fb16028a2b98","fax_key":"bac08813-3231-4c42-942e-2e0d98608043"},{"mailing_list_key":"6cc179ee-99c3-4b6b-8bab-36574550a5e5","mailing_list_name":"Accreditation","mailing_list_category":"Email Opt-In","status":"OptOut"}]}}'
        # curl's config: options per URL, "next" between URLs; quotes in a value escaped
        ((i > 0)) && echo next
        printf 'url = "%s"\nheader = "Content-Type: application/json"\nheader = "Authorization: Bearer %s"\ndata = "%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' \
            "$BASE/xWeb/JSON/SetCustomerCommunicationPreferences" "$TOKEN" "${body//\"/\\\"}"
    done >"$config"
    curl --no-progress-meter --parallel --parallel-max 8 -K "$config" >"$OUT/seed.codes" 2>"$OUT/seed.err" \
        || { cat "$OUT/seed.err" >&2; die "seeding the GetAll customers failed"; }
    local ok
    ok=$(grep -c '^200$' "$OUT/seed.codes")
    ((ok == POOL)) || die "seeding the GetAll customers: $ok of $POOL answered 200 (see $OUT/seed.codes)"
    POOL_ROWS=$((2 * POOL))
}

# Warm-up: cycles through the scenarios at the highest connection count until
# the JIT compiler threads of JVM $1 used at most JIT_IDLE % of one core over a
# cycle, or WARMUP_CAP seconds passed. Sets WARM_NOTE and WARM_PEAK_KIB.
warm_up() {
    local pid=$1
    shift
    local scenarios=("$@") conns=${CONN_LIST[-1]} start cycle=0 j0 j1 c0 c1 used pct scenario elapsed
    start=$(now)
    WARM_PEAK_KIB=0
    while :; do
        cycle=$((cycle + 1))
        j0=$(jit_ticks "$pid"); c0=$(now)
        for scenario in "${scenarios[@]}"; do
            run_wrk "$pid" "$BASE" "$scenario" "$conns" "$WARMUP_CHUNK"
            count_acknowledged "$scenario"
            ((R_HWM > WARM_PEAK_KIB)) && WARM_PEAK_KIB=$R_HWM
        done
        j1=$(jit_ticks "$pid"); c1=$(now)
        used=$(jit_delta "$j0" "$j1")
        pct=$(awk -v u="$used" -v t="$CLK_TCK" -v a="$c0" -v b="$c1" 'BEGIN { printf "%.1f", 100 * u / t / (b - a) }')
        elapsed=$(awk -v a="$start" -v b="$c1" 'BEGIN { printf "%.0f", b - a }')
        log "  warm-up cycle $cycle: JIT compiler threads used $pct % of a core (${elapsed} s so far)"
        if awk -v p="$pct" -v l="$JIT_IDLE" 'BEGIN { exit !(p <= l) }'; then
            WARM_NOTE="JIT idle (${pct} % of a core over the last ${#scenarios[@]} x ${WARMUP_CHUNK} s) after ${elapsed} s"
            return
        fi
        if ((elapsed >= WARMUP_CAP)); then
            WARM_NOTE="CAPPED at ${elapsed} s: JIT compiler threads still used ${pct} % of a core"
            return
        fi
    done
}

# Rows: Set scenarios add two rows per acknowledged request with a new customer key.
ACKED_ROWS=0
count_acknowledged() {
    case $1 in
        soap-set|json-bearer|json-basic)
            ACKED_ROWS=$((ACKED_ROWS + 2 * (R_REQUESTS - R_ERRORS))) ;;
    esac
}

rows_now() {
    if [[ $CURRENT_DB == postgres ]]; then
        pg_sql "select count(*) from communication_preference"
    else
        echo "~$((POOL_ROWS + ACKED_ROWS))"
    fi
}

# ---------------------------------------------------------------- PostgreSQL

PG_BIN=""
pg_find() {
    local bin best=""
    for bin in /usr/lib/postgresql/*/bin; do
        [[ -x $bin/initdb && -x $bin/pg_ctl ]] && best=$bin
    done
    [[ -n $best ]] || die "no PostgreSQL binaries under /usr/lib/postgresql/*/bin: apt-get install postgresql"
    PG_BIN=$best
}

pg_start() {
    pg_find
    PG_DIR=$(mktemp -d /tmp/xweb-bench-pg.XXXXXX)
    TEMP_DIRS+=("$PG_DIR")
    PG_PORT=$(free_port)
    ((EUID == 0)) && chown postgres:postgres "$PG_DIR"
    as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U xweb_bench --auth=trust -E UTF8 --locale=C.UTF-8 \
        --no-instructions >"$OUT/postgres-initdb.log" 2>&1 || die "initdb failed: see $OUT/postgres-initdb.log"
    # PostgreSQL's durable defaults (fsync, synchronous_commit) stay as they are.
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1" start >"$OUT/postgres-start.log" 2>&1 \
        || { cat "$PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }
    PG_RUNNING=true
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U xweb_bench xweb || die "createdb failed"
    PG_VERSION=$("$PG_BIN/postgres" --version)
    log "PostgreSQL ($PG_VERSION) on port $PG_PORT, data in $PG_DIR"
}

pg_sql() {
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U xweb_bench -d xweb -Atc "$1"
}

pg_stop() {
    [[ -n $PG_DIR ]] || return 0
    cp "$PG_DIR/server.log" "$OUT/postgres-server.log" 2>/dev/null
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1 \
        || as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
    PG_RUNNING=false
}

# ---------------------------------------------------------------- results

RESULTS=""
# record DB SCENARIO CONNS ROUND ROWS
record() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" \
        "$R_RPS" "$R_P50" "$R_P99" "$R_MAX" "$5" "$((R_HWM / 1024))" "$R_CPU_US" "$R_DB_CPU_US" "$R_OTHER" "$R_ERRORS" \
        "$R_JIT" >>"$RESULTS"
    log "  $(printf '%-18s %3s conns round %s: %7s req/s  p50 %6s ms  p99 %7s ms  max %7s ms  rows %s  peak RSS %s MiB  server CPU %s us/req  JIT %s %%  other load %s %%  errors %s' \
        "${SCENARIO_NAME[$2]}" "$3" "$4" "$R_RPS" "$R_P50" "$R_P99" "$R_MAX" "$5" "$((R_HWM / 1024))" "$R_CPU_US" "$R_JIT" "$R_OTHER" "$R_ERRORS")"
}

print_table() {
    printf '\n%-9s %-17s %5s %5s %8s %7s %8s %8s %7s %10s %7s %7s %6s %5s %6s %6s\n' \
        db scenario conns round "req/s" "p50 ms" "p99 ms" "max ms" ceiling rows "RSS MiB" "srv us" "db us" jit other errors
    # the ceiling at a connection count: the mean of the static responder's rounds
    awk -F'\t' '
        BEGIN {
            name["ceiling"] = "ceiling (static)"; name["metro-getall"] = "bare Metro GetAll"
            name["soap-set"] = "SOAP Set"; name["soap-getall"] = "SOAP GetAll"
            name["json-bearer"] = "JSON Set Bearer"; name["json-basic"] = "JSON Set Basic"
        }
        NR == FNR { if ($2 == "ceiling") { sum[$3] += $5; n[$3]++ } next }
        {
            share = ($2 == "ceiling" || !n[$3]) ? "-" : sprintf("%.0f%%", 100 * $5 / (sum[$3] / n[$3]))
            printf "%-9s %-17s %5s %5s %8s %7s %8s %8s %7s %10s %7s %7s %6s %4s%% %5s%% %6s\n",
                $1, name[$2], $3, $4, $5, $6, $7, $8, share, $9, $10, $11, ($12 == "0" ? "-" : $12), $15, $13, $14
        }' "$RESULTS" "$RESULTS"
}

# ---------------------------------------------------------------- the run

for tool in wrk java curl awk; do
    command -v "$tool" >/dev/null || die "$tool is not installed (wrk: apt-get install wrk; see bench/README.md)"
done

STAMP=$(date +%Y%m%d-%H%M%S)
OUT=$REPO/target/bench/$STAMP
mkdir -p "$OUT" || exit 1
RESULTS=$OUT/results.tsv
: >"$RESULTS"
: >"$OUT/long.tsv"
: >"$OUT/peaks.tsv"

if $BUILD; then
    log "building: mvn -B -q -DskipTests package"
    (cd "$REPO" && mvn -B -q -DskipTests package) >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log" >&2; die "build failed"; }
fi
[[ -f $JAR ]] || die "$JAR is missing: run without --no-build"

JDK=$(java -version 2>&1 | sed -n 2p)
{
    echo "xweb-preferences benchmark, $(date '+%Y-%m-%d %H:%M:%S %Z')"
    echo "commit:       $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null)$(git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
    echo "machine:      $NCPU cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
    echo "JDK:          $JDK"
    echo "JVM options:  ${JVM_OPTS:-(none: the JVM defaults, as the server ships)}"
    echo "wrk:          $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $WRK_THREADS threads, over loopback"
    echo "mode:         $($QUICK && echo 'QUICK (short runs, capped warm-up: not steady-state figures)' || echo full)"
    echo "runs:         $ROUNDS round(s) x ${DURATION} s per scenario and connection count (${CONNECTIONS}); warm-up cap ${WARMUP_CAP} s; long run ${LONG} s"
    echo "load before:  $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
    echo "command:      $COMMAND${XWEB_BENCH_JVM_OPTS:+ (XWEB_BENCH_JVM_OPTS=$XWEB_BENCH_JVM_OPTS)}"
} >"$OUT/header.txt"
cat "$OUT/header.txt" >&2
log "results in $OUT"

# --- the ceiling: a real SOAP Set answer recorded, then replayed by the static responder
log "probe: recording a SOAP Set answer to replay in the ceiling"
CURRENT_DB=h2
start_server probe "$OUT/probe-data"
TEMP_DIRS+=("$OUT/probe-data")
authenticate
soap_set_once "$OUT/soap-set-answer"
stop_java "$SERVER_PID"
grep -iv '^\(HTTP/\|date:\|content-length:\|transfer-encoding:\)' "$OUT/soap-set-answer.headers" | tr -d '\r' | grep . \
    >"$OUT/soap-set-answer.headers.replay"
ANSWER_BYTES=$(wc -c <"$OUT/soap-set-answer.body")
log "SOAP Set answer: $ANSWER_BYTES bytes of body; headers replayed: $(tr '\n' ' ' <"$OUT/soap-set-answer.headers.replay")"

mkdir -p "$OUT/responder-classes"
javac -d "$OUT/responder-classes" "$BENCH_DIR/StaticResponder.java" || die "javac StaticResponder failed"
start_java "$OUT/responder" "listening on" java "${JVM_ARGS[@]}" -Dsun.net.httpserver.nodelay=true \
    -cp "$OUT/responder-classes" StaticResponder 0 "$OUT/soap-set-answer.body" "$OUT/soap-set-answer.headers.replay" 64
RESPONDER_PID=$STARTED_PID
BASE=${STARTED_URL%/}
log "static responder pid $RESPONDER_PID at $BASE"
log "warming up the static responder"
warm_up "$RESPONDER_PID" ceiling
log "  $WARM_NOTE"
echo "ceiling warm-up: $WARM_NOTE" >>"$OUT/notes.txt"
for ((round = 1; round <= ROUNDS; round++)); do
    for conns in "${CONN_LIST[@]}"; do
        run_wrk "$RESPONDER_PID" "$BASE" ceiling "$conns" "$DURATION"
        R_DB_CPU_US=0
        record static ceiling "$conns" "$round" "-"
    done
done
stop_java "$RESPONDER_PID"

# --- the reference: Metro alone, our WSDL, GetAll answered from memory (bench/BareMetro.java)
if $BARE_METRO; then
    mkdir -p "$OUT/metro-classes"
    javac -cp "$JAR" -d "$OUT/metro-classes" "$BENCH_DIR/BareMetro.java" "$BENCH_DIR/StaticResponder.java" \
        || die "javac BareMetro failed"
    start_java "$OUT/bare-metro" "listening on" java "${JVM_ARGS[@]}" -Dsun.net.httpserver.nodelay=true \
        -cp "$JAR:$OUT/metro-classes" BareMetro 0 64
    METRO_PID=$STARTED_PID
    BASE=${STARTED_URL%/}
    log "bare Metro pid $METRO_PID at $BASE"
    log "warming up bare Metro"
    warm_up "$METRO_PID" metro-getall
    log "  $WARM_NOTE"
    echo "bare Metro warm-up: $WARM_NOTE" >>"$OUT/notes.txt"
    for ((round = 1; round <= ROUNDS; round++)); do
        for conns in "${CONN_LIST[@]}"; do
            run_wrk "$METRO_PID" "$BASE" metro-getall "$conns" "$DURATION"
            R_DB_CPU_US=0
            record metro metro-getall "$conns" "$round" "-"
        done
    done
    stop_java "$METRO_PID"
fi

# --- the server, on each database
for CURRENT_DB in "${DB_LIST[@]+"${DB_LIST[@]}"}"; do
    log "=== $CURRENT_DB"
    ACKED_ROWS=0
    POOL_ROWS=0
    DATA=$OUT/$CURRENT_DB-data
    $KEEP || TEMP_DIRS+=("$DATA")
    EXTRA=()
    if [[ $CURRENT_DB == postgres ]]; then
        pg_start
        EXTRA=(--db-url "jdbc:postgresql://127.0.0.1:$PG_PORT/xweb" --db-user xweb_bench)
    fi
    start_server "$CURRENT_DB" "$DATA" "${EXTRA[@]}"
    authenticate
    # The first Basic call runs the slow password hash; time it, once.
    t0=$(now)
    curl -sf -o /dev/null "$BASE/xWeb/JSON/GetCustomerCommunicationPreference?customerKey=fadff57b-c6ef-4130-be1e-07000a38056f&preferenceTypeKey=b31c52e4-29c1-4a65-8c53-0626342c920d" \
        -H "Authorization: Basic $BASIC" || die "JSON call with Basic failed"
    t1=$(now)
    log "first Basic call (password hash, cold): $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s"

    log "seeding $POOL customers for GetAll"
    seed_pool
    log "warming up ($CURRENT_DB)"
    warm_up "$SERVER_PID" soap-set soap-getall json-bearer json-basic
    log "  $WARM_NOTE"
    echo "$CURRENT_DB warm-up: $WARM_NOTE" >>"$OUT/notes.txt"
    WARM_HWM=$WARM_PEAK_KIB
    PEAK_KIB=$WARM_HWM

    for ((round = 1; round <= ROUNDS; round++)); do
        for scenario in "${SCENARIOS[@]}"; do
            for conns in "${CONN_LIST[@]}"; do
                run_wrk "$SERVER_PID" "$BASE" "$scenario" "$conns" "$DURATION"
                count_acknowledged "$scenario"
                ((R_HWM > PEAK_KIB)) && PEAK_KIB=$R_HWM
                if [[ $scenario == soap-getall ]]; then
                    # a customer that exists answers with two settings: ~1.2 kB per response
                    per=$(( R_REQUESTS > 0 ? R_BYTES / R_REQUESTS : 0 ))
                    ((per > 1000)) || log "  WARNING: GetAll answers average $per bytes: customers missing?"
                fi
                record "$CURRENT_DB" "$scenario" "$conns" "$round" "$(rows_now)"
            done
        done
    done

    if ((LONG > 0)); then
        part=$((LONG / 6))
        conns=${CONN_LIST[-1]}
        log "long run: SOAP Set at $conns connections, 6 x $part s back to back"
        rows_before=$(rows_now)
        for ((p = 1; p <= 6; p++)); do
            run_wrk "$SERVER_PID" "$BASE" soap-set "$conns" "$part"
            count_acknowledged soap-set
            ((R_HWM > PEAK_KIB)) && PEAK_KIB=$R_HWM
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$CURRENT_DB" "$p" "$R_REQUESTS" "$R_SECONDS" "$R_RPS" \
                "$R_P99" "$(rows_now)" "$R_OTHER" "$R_ERRORS" >>"$OUT/long.tsv"
            log "  part $p: $R_RPS req/s, p99 $R_P99 ms, rows $(rows_now), other load $R_OTHER %"
        done
        echo "$CURRENT_DB long run: rows before $rows_before" >>"$OUT/notes.txt"
    fi

    # H2 writes a new chunk per commit and frees old ones later: its file is largest while it runs
    [[ $CURRENT_DB == h2 ]] && running_bytes=$(du -sb "$DATA" | cut -f1)
    stop_java "$SERVER_PID"
    log "server stopped"
    if [[ $CURRENT_DB == postgres ]]; then
        counted=$(pg_sql "select count(*) from communication_preference")
        db_bytes=$(pg_sql "select pg_database_size('xweb')")
        pg_stop
    else
        counted=$(java -cp "$JAR" org.h2.tools.Shell -url "jdbc:h2:file:$DATA/xweb" -user xweb -password '' \
            -sql 'select count(*) from communication_preference' 2>>"$OUT/run.log" | awk 'NR == 2 { print $1 }')
        db_bytes=$(du -sb "$DATA" | cut -f1)
    fi
    [[ $counted =~ ^[0-9]+$ ]] || die "could not count the rows stored (got '$counted')"
    expected=$((POOL_ROWS + ACKED_ROWS))
    verdict=ok
    ((counted >= expected)) || verdict="MISSING $((expected - counted)) ACKNOWLEDGED ROWS"
    # wrk does not count answers still in flight when it stops, so a few more rows than acknowledged is normal
    printf '%s\t%s\n' "$CURRENT_DB" "$((PEAK_KIB / 1024))" >>"$OUT/peaks.tsv"
    echo "$CURRENT_DB rows after stop: $counted counted, $expected acknowledged ($verdict); peak RSS over the whole run $((PEAK_KIB / 1024)) MiB (warm-up $((WARM_HWM / 1024)) MiB)" \
        >>"$OUT/notes.txt"
    log "$(tail -1 "$OUT/notes.txt")"
    echo "$CURRENT_DB database size after stop: $((db_bytes / 1048576)) MiB, $((db_bytes / (counted > 0 ? counted : 1))) bytes per row$(
        [[ $CURRENT_DB == h2 ]] && echo "; before the stop: $((running_bytes / 1048576)) MiB")" >>"$OUT/notes.txt"
    log "$(tail -1 "$OUT/notes.txt")"
done

# ---------------------------------------------------------------- report

# The goals of issue 8, checked against this run: means over the rounds at the
# highest connection count.
print_goals() {
    local top=${CONN_LIST[-1]}
    [[ -s $OUT/peaks.tsv ]] || return 0
    echo
    echo "goals (issue 8), at $top connections, means over the rounds$($QUICK && echo '; QUICK RUN: NOT MEANINGFUL')"
    awk -F'\t' -v top="$top" '
        FILENAME ~ /results/ {
            if ($3 != top) next
            key = $1 SUBSEP $2; rps[key] += $5; n[key]++; if ($7 > p99[key]) p99[key] = $7
            if ($2 == "ceiling") { ceil += $5; nc++ }
            next
        }
        FILENAME ~ /peaks/ { peak[$1] = $2; dbs[++ndb] = $1; next }
        FILENAME ~ /long/ { lreq[$1] += $3; lsec[$1] += $4; if ($2 == 1) first[$1] = $5; next }
        function mean(db, sc) { k = db SUBSEP sc; return n[k] ? rps[k] / n[k] : 0 }
        function verdict(ok) { return ok ? "met" : "MISSED" }
        END {
            c = nc ? ceil / nc : 0
            for (i = 1; i <= ndb; i++) {
                d = dbs[i]; note = (d == "h2") ? "" : "  (goal stated for H2; for information)"
                set = mean(d, "soap-set"); get = mean(d, "soap-getall"); bearer = mean(d, "json-bearer"); basic = mean(d, "json-basic")
                if (c > 0) {
                    printf "%-9s SOAP Set %.0f%% of the ceiling (goal >= 30%%): %s%s\n", d, 100 * set / c, verdict(set >= 0.3 * c), note
                    printf "%-9s SOAP Set p99 %.1f ms, worst round (goal <= 25 ms): %s%s\n", d, p99[d SUBSEP "soap-set"], verdict(p99[d SUBSEP "soap-set"] <= 25), note
                    printf "%-9s SOAP GetAll %.0f%% of the ceiling (goal >= 45%%): %s%s\n", d, 100 * get / c, verdict(get >= 0.45 * c), note
                    metro = mean("metro", "metro-getall")
                    if (metro > 0) printf "%-9s SOAP GetAll %.0f%% of bare Metro GetAll (bare Metro: %.0f%% of the ceiling; for information)\n", d, 100 * get / metro, 100 * metro / c
                }
                printf "%-9s JSON Set Bearer %.0f req/s vs SOAP Set %.0f (goal: at least as fast): %s\n", d, bearer, set, verdict(bearer >= set)
                printf "%-9s JSON Set Basic %.0f req/s vs Bearer %.0f, %+.0f%% (goal: no more than 10%% slower): %s\n", d, basic, bearer, bearer ? 100 * (basic - bearer) / bearer : 0, verdict(basic >= 0.9 * bearer)
                printf "%-9s peak RSS %s MiB over the whole run (goal <= 512 MiB): %s\n", d, peak[d], verdict(peak[d] <= 512)
                if (lsec[d] > 0 && first[d] > 0) {
                    whole = lreq[d] / lsec[d]
                    printf "%-9s long run: whole %.0f req/s vs first part %.0f, %+.0f%% (goal: no more than 20%% lower): %s\n", d, whole, first[d], 100 * (whole - first[d]) / first[d], verdict(whole >= 0.8 * first[d])
                }
            }
        }' "$RESULTS" "$OUT/peaks.tsv" "$OUT/long.tsv" 2>/dev/null
}

{
    cat "$OUT/header.txt"
    echo "load after:   $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
    $HWM_RESETS || echo "NOTE: VmHWM could not be reset per run: RSS is the peak since the server started"
    print_table
    cat <<'EOF'

ceiling: req/s as a share of the static responder's at the same connection count (mean of its rounds).
rows: rows in communication_preference after the run (PostgreSQL: counted; H2: ~ the pool plus
      acknowledged Set requests x 2, checked against a count after the server stopped, below).
RSS MiB: the server's peak resident memory during that run (VmHWM, reset before each run).
srv us / db us: CPU time of the server JVM (less its JIT compiler threads) / of PostgreSQL per
      request, all threads, all cores.
jit:  CPU the server's JIT compiler threads used during the run, as % of one core: well above 0
      means the server was not warm yet (quick runs).
other: CPU the rest of the machine used during the run, as a share of all cores: anything
       above a few % means the figures are disturbed by other work.
EOF
    if [[ -s $OUT/long.tsv ]]; then
        echo
        echo "long run: SOAP Set at ${CONN_LIST[-1]} connections, 6 parts back to back"
        printf '%-9s %5s %9s %8s %9s %10s %6s %6s\n' db part requests seconds "req/s" "p99 ms" other errors
        awk -F'\t' '{ printf "%-9s %5s %9s %8s %9s %10s %5s%% %6s\n", $1, $2, $3, $4, $5, $6, $8, $9 }' "$OUT/long.tsv"
        awk -F'\t' '
            { req[$1] += $3; sec[$1] += $4; if ($2 == 1) first[$1] = $5; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
            END {
                for (i = 1; i <= n; i++) {
                    d = order[i]; whole = req[d] / sec[d]
                    printf "%s: first part %.0f req/s, whole run %.0f req/s: %+.0f%%\n", d, first[d], whole, 100 * (whole - first[d]) / first[d]
                }
            }' "$OUT/long.tsv"
    fi
    print_goals
    echo
    cat "$OUT/notes.txt"
} >"$OUT/report.txt"
echo
cat "$OUT/report.txt"
log "report: $OUT/report.txt"
