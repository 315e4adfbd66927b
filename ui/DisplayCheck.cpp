#include "ui/DisplayCheck.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QtGlobal>

namespace onair::ui {

QString missingDisplayReason() {
    const QString platform = qEnvironmentVariable("QT_QPA_PLATFORM");
    if (!platform.isEmpty() && !platform.startsWith(QLatin1String("xcb")) &&
        !platform.startsWith(QLatin1String("wayland"))) {
        return {}; // offscreen, vnc, eglfs…: the user chose a platform that needs no desktop
    }
    const QString wayland = qEnvironmentVariable("WAYLAND_DISPLAY");
    const QString x11 = qEnvironmentVariable("DISPLAY");
    if (wayland.isEmpty() && x11.isEmpty()) {
        return QStringLiteral("no display: neither DISPLAY nor WAYLAND_DISPLAY is set");
    }
    if (!wayland.isEmpty()) {
        return {};
    }
    // A local X display ":N" listens on /tmp/.X11-unix/XN; a remote one (host:N) or an
    // abstract socket is left for Qt to try.
    static const QRegularExpression local(QStringLiteral("^(?:unix)?:(\\d+)(?:\\.\\d+)?$"));
    const auto match = local.match(x11);
    if (match.hasMatch() &&
        !QFileInfo::exists(QStringLiteral("/tmp/.X11-unix/X") + match.captured(1))) {
        return QStringLiteral("no X server answers on DISPLAY=%1").arg(x11);
    }
    return {};
}

} // namespace onair::ui
