#!/usr/bin/env bash
# Debian/Ubuntu packages the 3D views and their tests need. Two ways to render:
# - without a display (no DISPLAY), off screen through VTK: EGL on Mesa's
#   software rasteriser (libegl1, libegl-mesa0, libgl1-mesa-dri), or OSMesa
#   (libosmesa6) where EGL fails; mne_attention.viz picks this by itself;
# - on a display, real or an X server in memory (Xvfb), through Qt: Mesa's GL
#   and the X/xcb libraries that Qt's "xcb" platform plugin (PySide6) and VTK
#   load.
# The list is the set of packages that own the shared libraries a passing 3D
# test process has mapped (/proc/<pid>/maps), reduced to the ones not pulled in
# by the others; Python packages come from the "viz" extra
# (pip install -e ".[viz,test]").
set -euo pipefail

SUDO=""
if [ "$(id -u)" != "0" ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

PACKAGES=(
    xvfb                    # the virtual display the tests start
    libgl1 libegl1          # GL/EGL dispatch (libglvnd), loaded by VTK and Qt
    libegl-mesa0            # Mesa's EGL: VTK's off-screen windows (no display)
    libgl1-mesa-dri         # Mesa's software rasteriser (no GPU needed)
    libglx-mesa0
    libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
    libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1
    libxkbcommon-x11-0      # Qt's xcb platform plugin (libqxcb.so)
    libdbus-1-3 libfontconfig1 libglib2.0-0   # QtCore/QtGui/QtDBus
)

$SUDO apt-get update -qq
# OSMesa, VTK's off-screen fallback where EGL fails; Mesa >= 25.1 has none
if apt-cache show libosmesa6 >/dev/null 2>&1; then
    PACKAGES+=(libosmesa6)
fi
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"
