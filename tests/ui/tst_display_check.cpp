#include "ui/DisplayCheck.h"

#include <QTest>

using onair::ui::missingDisplayReason;

class TestDisplayCheck : public QObject {
    Q_OBJECT
private slots:
    void init() {
        qunsetenv("QT_QPA_PLATFORM");
        qunsetenv("DISPLAY");
        qunsetenv("WAYLAND_DISPLAY");
    }

    void noDisplayVariablesIsExplained() {
        QVERIFY(missingDisplayReason().contains(QStringLiteral("DISPLAY")));
    }

    void explicitHeadlessPlatformIsAccepted() {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        QVERIFY(missingDisplayReason().isEmpty());
    }

    void waylandIsAccepted() {
        qputenv("WAYLAND_DISPLAY", "wayland-0");
        QVERIFY(missingDisplayReason().isEmpty());
    }

    void localXDisplayWithoutServerIsExplained() {
        qputenv("DISPLAY", ":987");
        QVERIFY(missingDisplayReason().contains(QStringLiteral(":987")));
    }

    void remoteXDisplayIsLeftToQt() {
        qputenv("DISPLAY", "studio-host:0");
        QVERIFY(missingDisplayReason().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDisplayCheck)
#include "tst_display_check.moc"
