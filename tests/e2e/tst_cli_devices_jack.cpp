// onair-cli devices against the JACK dummy server fixture: the device appears, in both forms.
#include "ProcessRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

class TestCliDevicesJack : public QObject {
    Q_OBJECT
    QString cli_;

private slots:
    void initTestCase() { cli_ = binaryFromEnv("ONAIR_CLI"); }

    void jsonListsTheJackDevice() {
        const ProcessResult r = runProcess(cli_, {"devices", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
        int jackApi = -1;
        for (const auto& api : root.value("hostApis").toArray()) {
            if (api.toObject().value("name").toString().contains(QStringLiteral("JACK"))) {
                jackApi = api.toObject().value("index").toInt();
            }
        }
        QVERIFY2(jackApi >= 0, qPrintable(r.out));
        bool found = false;
        for (const auto& value : root.value("devices").toArray()) {
            const QJsonObject d = value.toObject();
            if (d.value("hostApi").toInt() == jackApi) {
                QCOMPARE(d.value("maxInputChannels").toInt(), 8);
                QCOMPARE(d.value("maxOutputChannels").toInt(), 2);
                QCOMPARE(d.value("defaultSampleRate").toDouble(), 48000.0);
                found = true;
            }
        }
        QVERIFY2(found, qPrintable(r.out));
    }

    void textListsTheJackDevice() {
        const ProcessResult r = runProcess(cli_, {"devices"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("JACK")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("8 in, 2 out, 48000 Hz")), qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestCliDevicesJack)
#include "tst_cli_devices_jack.moc"
