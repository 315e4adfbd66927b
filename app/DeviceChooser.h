#pragma once

#include "audio/AudioDeviceInfo.h"

#include <QString>
#include <vector>

namespace onair::app {

// Picks the input device a user named: host API and device name each match by
// case-insensitive substring; an empty name means the default input (of that host API, if
// one was named). Returns the PortAudio index, or -1 with *error saying what there is instead.
int chooseInputDevice(const std::vector<audio::HostApiInfo>& apis,
                      const std::vector<audio::AudioDeviceInfo>& devices, const QString& hostApi,
                      const QString& name, QString* error);

// The same for the output that monitoring plays to. An empty name returns -1 without an error:
// the engine then uses the default output of the input's host API.
int chooseOutputDevice(const std::vector<audio::AudioDeviceInfo>& devices, const QString& hostApi,
                       const QString& name, QString* error);

} // namespace onair::app
