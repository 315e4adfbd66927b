// onair-cli as a subprocess: what a user or a script sees.
#include "ProcessRunner.h"

#include <QJsonDocument>
#include <QJsonObject>

class TestCliProcess : public QObject {
    Q_OBJECT
    QString cli_;

private slots:
    void initTestCase() { cli_ = binaryFromEnv("ONAIR_CLI"); }

    void versionPrintsOnAirAndLibraries() {
        const ProcessResult r = runProcess(cli_, {"--version"});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("OnAir 0.")), qPrintable(r.out));
        for (const char* lib :
             {"Qt", "PortAudio", "libsndfile", "FFmpeg", "TagLib", "libebur128"}) {
            QVERIFY2(r.out.contains(QLatin1String(lib)), lib);
        }
    }

    void unknownOptionPrintsUsageAndExitsTwo() {
        const ProcessResult r = runProcess(cli_, {"--no-such-option"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("Usage: onair-cli")));
        QVERIFY(r.out.isEmpty());
    }

    void unknownCommandPrintsUsageAndExitsTwo() {
        const ProcessResult r = runProcess(cli_, {"levitate"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("unknown command 'levitate'")));
    }

    void devicesJsonIsValidWithoutAnyServer() {
        // No JACK here on purpose (no fixture): the command must still answer with valid JSON
        // and not try to start a server.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("JACK_NO_START_SERVER", "1");
        env.insert("JACK_DEFAULT_SERVER", "onair-no-such-server");
        const ProcessResult r = runProcess(cli_, {"devices", "--json"}, env);
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY(doc.object().value("hostApis").isArray());
        QVERIFY(doc.object().value("devices").isArray());
    }
};

QTEST_GUILESS_MAIN(TestCliProcess)
#include "tst_cli_process.moc"
