#pragma once

#include "audio/CaptureTypes.h"

#include <QString>

namespace onair::app {

// The audio settings a studio remembers between sessions (QSettings). Devices are kept by
// name, not index: PortAudio's indices change when devices come and go.
struct AudioSettings {
    QString hostApi;      // empty: any
    QString inputDevice;  // empty: the default input
    QString outputDevice; // empty: the default output (monitoring, playback)
    double sampleRate = 48000.0;
    int framesPerBuffer = 256;
    audio::TakeFormat format = audio::TakeFormat::Pcm24;
    bool monitor = false; // hear the armed inputs on the output while recording

    static AudioSettings load();
    void save() const;
};

} // namespace onair::app
