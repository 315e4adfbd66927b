// The onair binary as a subprocess: a clear refusal without a display, and a clean start on a
// headless platform.
#include "ProcessRunner.h"

#include <QTemporaryDir>

class TestGuiProcess : public QObject {
    Q_OBJECT
    QString gui_;

private slots:
    void initTestCase() { gui_ = binaryFromEnv("ONAIR_GUI"); }

    void withoutDisplaySaysSoAndExitsTwo() {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("DISPLAY");
        env.remove("WAYLAND_DISPLAY");
        env.remove("QT_QPA_PLATFORM");
        const ProcessResult r = runProcess(gui_, {}, env, 20000);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("cannot open the studio window")),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("onair-cli")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QStringLiteral("qt.qpa")), qPrintable(r.err)); // no Qt abort
    }

    void startsAndStaysUpOffscreen() {
        QTemporaryDir config;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("XDG_CONFIG_HOME", config.path());
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(gui_, {});
        QVERIFY(process.waitForStarted(10000));
        // Still running after two seconds: it built its window and entered the event loop.
        QVERIFY2(!process.waitForFinished(2000),
                 qPrintable(QString::fromUtf8(process.readAllStandardError())));
        process.terminate();
        QVERIFY(process.waitForFinished(10000));
    }
};

QTEST_GUILESS_MAIN(TestGuiProcess)
#include "tst_gui_process.moc"
