#!/usr/bin/env bash
# The Debian packages, end to end on this machine (Debian 12, as root): made by cpack from the build under
# test, checked by lintian (no errors), installed with dpkg, and then what they installed is checked and
# run — the files, the user and its groups, the units (systemd-analyze verify), the udev rules, the kiosk
# in cage on a headless Wayland output as the package's user, the hub answering on loopback — and last
# removed and purged. Fails (never skips) when something it needs is missing.
#
#   tests/hardware/packages_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=${1:?usage: packages_test.sh BUILD_DIR SOURCE_DIR}
source_dir=${2:?usage: packages_test.sh BUILD_DIR SOURCE_DIR}

fail() {
    echo "packages_test: $*" >&2
    exit 1
}
[ "$(id -u)" = 0 ] || fail "installing packages needs root (run the tests as root, as CI does)"
for tool in cpack dpkg dpkg-deb lintian systemd-analyze cage setpriv curl; do
    command -v "$tool" >/dev/null || fail "$tool is missing: run .ci/setup"
done

work=$(mktemp -d /tmp/checkin-packages.XXXXXX)
chmod 755 "$work"
hub_pid=""
cleanup() {
    if [ -n "$hub_pid" ]; then kill "$hub_pid" 2>/dev/null || true; fi
    dpkg --purge checkin-kiosk checkin-hub >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "== cpack"
cpack --config "$build/CPackConfig.cmake" -B "$work/out" > "$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack failed"; }
kiosk_deb=$(ls "$work"/out/checkin-kiosk_*.deb)
hub_deb=$(ls "$work"/out/checkin-hub_*.deb)

echo "== lintian"
lintian --tag-display-limit 0 "$kiosk_deb" "$hub_deb" > "$work/lintian.log" 2>&1 || true
cat "$work/lintian.log"
if grep -q '^E: ' "$work/lintian.log"; then fail "lintian reports errors"; fi

echo "== control"
dpkg-deb -f "$kiosk_deb" Package | grep -qx checkin-kiosk || fail "the kiosk package is not named checkin-kiosk"
depends=$(dpkg-deb -f "$kiosk_deb" Depends)
for needed in cage xwayland libpam-systemd fonts-dejavu-core libsdl2-2.0-0 libusb-1.0-0 libzxing2 libsqlite3-0; do
    echo "$depends" | grep -q "$needed" || fail "checkin-kiosk does not depend on $needed: $depends"
done
dpkg-deb -f "$hub_deb" Depends | grep -q libsdl2 && fail "checkin-hub depends on SDL: $(dpkg-deb -f "$hub_deb" Depends)"

echo "== install"
dpkg -i "$kiosk_deb" "$hub_deb" > "$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "dpkg -i failed"; }
dpkg-query -W -f '${Status}\n' checkin-kiosk | grep -qx "install ok installed" || fail "checkin-kiosk is not installed"
dpkg-query -W -f '${Status}\n' checkin-hub | grep -qx "install ok installed" || fail "checkin-hub is not installed"

echo "== files"
for file in /usr/bin/kiosk /usr/bin/kioskctl /usr/libexec/checkin/kioskctl-badges /usr/bin/ql-simulator /usr/bin/kiosk-hub \
    /usr/share/checkin/templates/ql-62x100.badge /usr/share/checkin/profiles/brother-ql.profile \
    /usr/share/checkin/demo/roster.csv /usr/lib/systemd/system/checkin-kiosk.service \
    /usr/lib/systemd/system/checkin-hub.service /usr/lib/udev/rules.d/70-checkin-kiosk.rules \
    /etc/checkin/kiosk.conf /etc/pam.d/checkin-kiosk /usr/share/doc/checkin-kiosk/copyright; do
    [ -e "$file" ] || fail "$file is not installed"
done
cmp -s /usr/lib/udev/rules.d/70-checkin-kiosk.rules "$source_dir/hardware/udev/70-checkin-kiosk.rules" ||
    fail "the installed udev rules differ from hardware/udev/70-checkin-kiosk.rules"
[ "$(stat -c '%a %U %G' /etc/checkin/kiosk.conf)" = "640 root checkin" ] ||
    fail "/etc/checkin/kiosk.conf is $(stat -c '%a %U %G' /etc/checkin/kiosk.conf), not 640 root checkin"
grep -qx 'ExecStart=/usr/bin/cage -d -s -- /usr/bin/kiosk --config /etc/checkin/kiosk.conf' \
    /usr/lib/systemd/system/checkin-kiosk.service || fail "the kiosk's unit does not start /usr/bin/kiosk in cage"
grep -q '^ExecStart=/usr/bin/kiosk-hub ' /usr/lib/systemd/system/checkin-hub.service ||
    fail "the hub's unit does not start /usr/bin/kiosk-hub"

# kioskctl hands the commands that draw to kioskctl-badges in libexec, which reads the installed templates.
/usr/bin/kioskctl badge --list > "$work/badge-list.log" 2>&1 || { cat "$work/badge-list.log"; fail "kioskctl badge --list failed"; }
grep -q 'Templates (/usr/share/checkin/templates)' "$work/badge-list.log" ||
    fail "kioskctl badge --list does not read /usr/share/checkin/templates: $(cat "$work/badge-list.log")"

echo "== user"
getent passwd checkin | grep -q ':/var/lib/checkin:/usr/sbin/nologin$' || fail "no system user checkin: $(getent passwd checkin)"
groups=$(id -nG checkin)
for group in checkin video input; do
    echo " $groups " | grep -q " $group " || fail "the user checkin is not in the group $group ($groups)"
done

echo "== units"
# The installed units, as systemd would load them (their programs exist now).
SYSTEMD_LOG_LEVEL=warning systemd-analyze verify /usr/lib/systemd/system/checkin-kiosk.service \
    /usr/lib/systemd/system/checkin-hub.service > "$work/verify.log" 2>&1 || true
if grep -v -e 'Failed to connect to bus' -e '^$' "$work/verify.log" | grep -q .; then
    cat "$work/verify.log"
    fail "systemd-analyze verify has something to say about the installed units"
fi
[ -L /etc/systemd/system/multi-user.target.wants/checkin-kiosk.service ] || fail "checkin-kiosk.service is not enabled"
[ -L /etc/systemd/system/multi-user.target.wants/checkin-hub.service ] || fail "checkin-hub.service is not enabled"

echo "== the kiosk in cage, as the user checkin"
runtime="$work/runtime"
home="$work/home"
mkdir -p "$runtime" "$home"
chown checkin:checkin "$runtime" "$home"
chmod 700 "$runtime"
# Xwayland's socket folder, as systemd-tmpfiles makes it at boot (x11.conf); the unit's PrivateTmp= gives
# the kiosk a fresh one.
[ -d /tmp/.X11-unix ] || install -d -m 1777 -o root -g root /tmp/.X11-unix
# What the unit runs, on cage's headless output (no screen here), for 400 frames of the demo.
setpriv --reuid=checkin --regid=checkin --init-groups env -i PATH=/usr/bin:/bin HOME="$home" \
    XDG_RUNTIME_DIR="$runtime" WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
    SDL_VIDEODRIVER=wayland \
    timeout 60 /usr/bin/cage -d -s -- /usr/bin/kiosk --demo --mute --frames 400 > "$work/kiosk.log" 2>&1 ||
    { cat "$work/kiosk.log"; fail "the installed kiosk did not run in cage"; }
grep -q 'kiosk demo ready' "$work/kiosk.log" || { cat "$work/kiosk.log"; fail "the kiosk did not start its demo"; }
grep -q 'attract screen shown' "$work/kiosk.log" || { cat "$work/kiosk.log"; fail "the kiosk showed no screen"; }

echo "== the hub on loopback, over HTTPS with its pinned key"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# What the unit's ExecStartPre does on the first start: a certificate, its pin on standard output.
pin=$(/usr/bin/kiosk-hub --db "$work/hub.db" cert new --if-missing 2>/dev/null)
[[ "$pin" == sha256//* ]] || fail "kiosk-hub cert new --if-missing printed no pin ('$pin')"
[ "$(/usr/bin/kiosk-hub --db "$work/hub.db" cert new --if-missing 2>/dev/null)" = "$pin" ] ||
    fail "a second cert new --if-missing changed the hub's key"
/usr/bin/kiosk-hub --db "$work/hub.db" serve --listen "127.0.0.1:$port" > "$work/hub.log" 2>&1 &
hub_pid=$!
answer=""
for _ in $(seq 1 100); do
    answer=$(curl -s -k --pinnedpubkey "$pin" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$port/api/v1/health" || true)
    [ "$answer" = 401 ] && break
    sleep 0.1
done
[ "$answer" = 401 ] || { cat "$work/hub.log"; fail "the installed hub did not answer /api/v1/health over HTTPS with 401 (got '$answer')"; }
wrong="sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
[ "$(curl -s -k --pinnedpubkey "$wrong" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$port/api/v1/health" || true)" = 000 ] ||
    fail "curl reached the hub with a wrong pin"
kill "$hub_pid"
wait "$hub_pid" 2>/dev/null || true
hub_pid=""

echo "== remove and purge"
dpkg --purge checkin-kiosk checkin-hub > "$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "dpkg --purge failed"; }
for file in /usr/bin/kiosk /usr/bin/kiosk-hub /etc/checkin/kiosk.conf /etc/pam.d/checkin-kiosk \
    /usr/lib/systemd/system/checkin-kiosk.service; do
    [ ! -e "$file" ] || fail "$file is still there after purging"
done
echo "packages_test: checkin-kiosk and checkin-hub built, lintian-clean of errors, installed, run and purged"
