#!/bin/sh
# One command for a new user on Debian 12:
#   sh data/tools/dev.sh run    install what is missing, build, open lianluo on the default database
#   sh data/tools/dev.sh test   install what is missing, build, run every test (also under
#                               AddressSanitizer and UndefinedBehaviorSanitizer), run each libFuzzer
#                               target for a short time (clang, build-fuzz/), print the totals
set -eu
cd "$(dirname "$0")/../.."

PACKAGES="build-essential meson ninja-build pkg-config python3 gettext libncurses-dev \
libsqlite3-dev libiniparser-dev libcmocka-dev libvterm-dev libsodium-dev"
# for the short libFuzzer runs on Debian 12: clang 14, its runtime (libclang_rt.fuzzer) and
# llvm-symbolizer for readable stack traces
FUZZ_PACKAGES="clang libclang-rt-14-dev llvm-14"

install_missing() { # [apt-get option] packages...
    opt=""
    case "${1:-}" in -*) opt=$1 && shift ;; esac
    missing=""
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    echo "installing:$missing"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    [ -n "${APT_UPDATED:-}" ] || $SUDO apt-get update -qq
    APT_UPDATED=1
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $opt $missing >/dev/null
}

build() { # build dir, extra meson options...
    dir=$1
    shift
    [ -f "$dir/build.ninja" ] || meson setup "$dir" "$@" >/dev/null
    ninja -C "$dir" >/dev/null
}

# Whether clang can build a libFuzzer program (-fsanitize=fuzzer) with ASan and UBSan.
have_libfuzzer() {
    command -v clang >/dev/null 2>&1 || return 1
    probe=$(mktemp -d)
    printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
        'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
        >"$probe/probe.c"
    ok=0
    clang -fsanitize=fuzzer,address,undefined "$probe/probe.c" -o "$probe/probe" 2>/dev/null || ok=1
    rm -rf "$probe"
    return $ok
}

case "${1:-}" in
run)
    install_missing $PACKAGES
    build build
    exec ./build/lianluo
    ;;
test)
    install_missing $PACKAGES
    install_missing --no-install-recommends $FUZZ_PACKAGES || true
    build build
    build build-asan -Db_sanitize=address,undefined -Db_lundef=false
    status=0
    meson test -C build --print-errorlogs || status=1
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        meson test -C build-asan --print-errorlogs || status=1
    logs="build/meson-logs/testlog.json build-asan/meson-logs/testlog.json"
    if have_libfuzzer; then
        # each target fuzzed for 20 s (LIANLUO_FUZZ_SECONDS), see tests/fuzz/meson.build; no
        # -Werror here: the gcc builds above hold the warnings, clang has a few of its own
        [ -f build-fuzz/build.ninja ] ||
            CC=clang meson setup build-fuzz -Dfuzz=true -Dwerror=false >/dev/null
        out=$(meson compile -C build-fuzz libfuzzer_csv libfuzzer_config libfuzzer_sync 2>&1) ||
            { printf '%s\n' "$out" && exit 1; }
        meson test -C build-fuzz --suite fuzz-run --no-rebuild --print-errorlogs || status=1
        logs="$logs build-fuzz/meson-logs/testlog.json"
    else
        echo "FUZZ RUNS SKIPPED: clang cannot build libFuzzer programs (-fsanitize=fuzzer);" \
            "install clang and libclang-rt-14-dev (Debian 12) to run them"
    fi
    python3 data/tools/test_totals.py $logs
    exit $status
    ;;
*)
    echo "usage: sh data/tools/dev.sh run|test" >&2
    exit 2
    ;;
esac
