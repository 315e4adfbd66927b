#include "app/DeviceChooser.h"

#include <QStringList>

namespace onair::app {
namespace {

bool matches(const std::string& text, const QString& pattern) {
    return pattern.isEmpty() || QString::fromStdString(text).contains(pattern, Qt::CaseInsensitive);
}

} // namespace

int chooseInputDevice(const std::vector<audio::HostApiInfo>& apis,
                      const std::vector<audio::AudioDeviceInfo>& devices, const QString& hostApi,
                      const QString& name, QString* error) {
    error->clear();
    if (name.isEmpty()) {
        if (hostApi.isEmpty()) {
            for (const auto& d : devices) {
                if (d.isDefaultInput) {
                    return d.index;
                }
            }
        }
        for (const auto& api : apis) {
            if (!hostApi.isEmpty() && matches(api.name, hostApi) && api.defaultInputDevice >= 0) {
                return api.defaultInputDevice;
            }
        }
    } else {
        for (const auto& d : devices) {
            if (d.maxInputChannels > 0 && matches(d.hostApiName, hostApi) &&
                matches(d.name, name)) {
                return d.index;
            }
        }
    }
    QStringList inputs;
    for (const auto& d : devices) {
        if (d.maxInputChannels > 0) {
            inputs << QStringLiteral("'%1' (%2)")
                          .arg(QString::fromStdString(d.name),
                               QString::fromStdString(d.hostApiName));
        }
    }
    const QString wanted = name.isEmpty() ? QStringLiteral("default input")
                                          : QStringLiteral("input device matching '%1'").arg(name);
    *error =
        QStringLiteral("no %1%2. Inputs here: %3")
            .arg(wanted,
                 hostApi.isEmpty() ? QString() : QStringLiteral(" on host API '%1'").arg(hostApi),
                 inputs.isEmpty() ? QStringLiteral("none") : inputs.join(QStringLiteral(", ")));
    return -1;
}

int chooseOutputDevice(const std::vector<audio::AudioDeviceInfo>& devices, const QString& hostApi,
                       const QString& name, QString* error) {
    error->clear();
    if (name.isEmpty()) {
        return -1;
    }
    for (const auto& d : devices) {
        if (d.maxOutputChannels > 0 && matches(d.hostApiName, hostApi) && matches(d.name, name)) {
            return d.index;
        }
    }
    *error = QStringLiteral("no output device matching '%1'").arg(name);
    return -1;
}

} // namespace onair::app
