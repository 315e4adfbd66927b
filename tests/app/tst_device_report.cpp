#include "app/DeviceReport.h"

#include <QJsonArray>
#include <QTest>

using namespace onair;

namespace {

std::vector<audio::HostApiInfo> sampleApis() {
    return {{0, "ALSA", 1, 0, 0}, {1, "JACK Audio Connection Kit", 1, 1, 1}};
}

std::vector<audio::AudioDeviceInfo> sampleDevices() {
    audio::AudioDeviceInfo usb;
    usb.index = 0;
    usb.name = "USB Podcast Mic \u00e9";
    usb.hostApi = 0;
    usb.hostApiName = "ALSA";
    usb.maxInputChannels = 1;
    usb.defaultSampleRate = 44100;
    usb.isDefaultInput = true;
    audio::AudioDeviceInfo jack;
    jack.index = 1;
    jack.name = "system";
    jack.hostApi = 1;
    jack.hostApiName = "JACK Audio Connection Kit";
    jack.maxInputChannels = 8;
    jack.maxOutputChannels = 2;
    jack.defaultSampleRate = 48000;
    jack.isDefaultOutput = true;
    return {usb, jack};
}

} // namespace

class TestDeviceReport : public QObject {
    Q_OBJECT
private slots:
    void jsonHasHostApisAndDevices() {
        const QJsonObject json = app::deviceReportJson(sampleApis(), sampleDevices());
        const QJsonArray apis = json.value("hostApis").toArray();
        const QJsonArray devices = json.value("devices").toArray();
        QCOMPARE(apis.size(), 2);
        QCOMPARE(apis.at(1).toObject().value("name").toString(),
                 QStringLiteral("JACK Audio Connection Kit"));
        QCOMPARE(devices.size(), 2);
        const QJsonObject usb = devices.at(0).toObject();
        QCOMPARE(usb.value("name").toString(), QStringLiteral("USB Podcast Mic \u00e9"));
        QCOMPARE(usb.value("maxInputChannels").toInt(), 1);
        QCOMPARE(usb.value("defaultSampleRate").toDouble(), 44100.0);
        QCOMPARE(usb.value("isDefaultInput").toBool(), true);
        QCOMPARE(devices.at(1).toObject().value("maxOutputChannels").toInt(), 2);
    }

    void textGroupsDevicesUnderTheirHostApi() {
        const QString text = app::deviceReportText(sampleApis(), sampleDevices());
        const qsizetype alsa = text.indexOf(QStringLiteral("ALSA (1 device)"));
        const qsizetype mic = text.indexOf(QStringLiteral("USB Podcast Mic"));
        const qsizetype jack = text.indexOf(QStringLiteral("JACK Audio Connection Kit"));
        const qsizetype system = text.indexOf(QStringLiteral("[1] system"));
        QVERIFY(alsa >= 0 && mic > alsa && jack > mic && system > jack);
        QVERIFY(text.contains(QStringLiteral("8 in, 2 out, 48000 Hz, default output")));
        QVERIFY(text.contains(QStringLiteral("1 in, 0 out, 44100 Hz, default input")));
    }

    void noDevicesSaysWhatToCheck() {
        const QString text = app::deviceReportText({}, {});
        QVERIFY(text.contains(QStringLiteral("No audio devices found")));
        QVERIFY(text.contains(QStringLiteral("JACK")));
    }
};

QTEST_GUILESS_MAIN(TestDeviceReport)
#include "tst_device_report.moc"
