#!/bin/sh
# One command for a new user on Debian 12:
#   sh data/tools/dev.sh run    install what is missing, build, open lianluo on the default database
#   sh data/tools/dev.sh test   install what is missing, build, run every test (also under
#                               AddressSanitizer and UndefinedBehaviorSanitizer), print the totals
set -eu
cd "$(dirname "$0")/../.."

PACKAGES="build-essential meson ninja-build pkg-config python3 gettext libncurses-dev \
libsqlite3-dev libiniparser-dev libcmocka-dev libvterm-dev libsodium-dev"

install_missing() {
    missing=""
    for p in $PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    echo "installing:$missing"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
}

build() { # build dir, extra meson options...
    dir=$1
    shift
    [ -f "$dir/build.ninja" ] || meson setup "$dir" "$@" >/dev/null
    ninja -C "$dir" >/dev/null
}

case "${1:-}" in
run)
    install_missing
    build build
    exec ./build/lianluo
    ;;
test)
    install_missing
    build build
    build build-asan -Db_sanitize=address,undefined -Db_lundef=false
    status=0
    meson test -C build --print-errorlogs || status=1
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        meson test -C build-asan --print-errorlogs || status=1
    python3 data/tools/test_totals.py build/meson-logs/testlog.json \
        build-asan/meson-logs/testlog.json
    exit $status
    ;;
*)
    echo "usage: sh data/tools/dev.sh run|test" >&2
    exit 2
    ;;
esac
