#pragma once

#include "audio/AudioDeviceInfo.h"

#include <QJsonObject>
#include <QString>
#include <vector>

namespace onair::app {

// Turns the engine's device list into what people and scripts read: `onair-cli devices`.
QJsonObject deviceReportJson(const std::vector<audio::HostApiInfo>& hostApis,
                             const std::vector<audio::AudioDeviceInfo>& devices);
QString deviceReportText(const std::vector<audio::HostApiInfo>& hostApis,
                         const std::vector<audio::AudioDeviceInfo>& devices);

} // namespace onair::app
