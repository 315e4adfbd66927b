#include "app/DeviceReport.h"

#include <QJsonArray>
#include <QStringList>

namespace onair::app {
namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString rateText(double hz) {
    return QStringLiteral("%1 Hz").arg(hz, 0, 'f', 0);
}

} // namespace

QJsonObject deviceReportJson(const std::vector<audio::HostApiInfo>& hostApis,
                             const std::vector<audio::AudioDeviceInfo>& devices) {
    QJsonArray apis;
    for (const auto& api : hostApis) {
        apis.append(QJsonObject{{"index", api.index},
                                {"name", qs(api.name)},
                                {"deviceCount", api.deviceCount},
                                {"defaultInputDevice", api.defaultInputDevice},
                                {"defaultOutputDevice", api.defaultOutputDevice}});
    }
    QJsonArray devs;
    for (const auto& d : devices) {
        devs.append(QJsonObject{{"index", d.index},
                                {"name", qs(d.name)},
                                {"hostApi", d.hostApi},
                                {"hostApiName", qs(d.hostApiName)},
                                {"maxInputChannels", d.maxInputChannels},
                                {"maxOutputChannels", d.maxOutputChannels},
                                {"defaultSampleRate", d.defaultSampleRate},
                                {"defaultLowInputLatency", d.defaultLowInputLatency},
                                {"defaultLowOutputLatency", d.defaultLowOutputLatency},
                                {"isDefaultInput", d.isDefaultInput},
                                {"isDefaultOutput", d.isDefaultOutput}});
    }
    return QJsonObject{{"hostApis", apis}, {"devices", devs}};
}

QString deviceReportText(const std::vector<audio::HostApiInfo>& hostApis,
                         const std::vector<audio::AudioDeviceInfo>& devices) {
    if (devices.empty()) {
        return QStringLiteral("No audio devices found.\n"
                              "Is a sound card connected, or a JACK / PipeWire server running?\n"
                              "(ONAIR_AUDIO_DEBUG=1 shows what ALSA and JACK report.)\n");
    }
    QString text;
    for (const auto& api : hostApis) {
        text += QStringLiteral("%1 (%2 device%3)\n")
                    .arg(qs(api.name))
                    .arg(api.deviceCount)
                    .arg(api.deviceCount == 1 ? "" : "s");
        for (const auto& d : devices) {
            if (d.hostApi != api.index) {
                continue;
            }
            QStringList marks;
            if (d.isDefaultInput) {
                marks << QStringLiteral("default input");
            }
            if (d.isDefaultOutput) {
                marks << QStringLiteral("default output");
            }
            text += QStringLiteral("  [%1] %2\n       %3 in, %4 out, %5%6\n")
                        .arg(d.index)
                        .arg(qs(d.name))
                        .arg(d.maxInputChannels)
                        .arg(d.maxOutputChannels)
                        .arg(rateText(d.defaultSampleRate))
                        .arg(marks.isEmpty() ? QString() : QStringLiteral(", ") + marks.join(", "));
        }
    }
    return text;
}

} // namespace onair::app
