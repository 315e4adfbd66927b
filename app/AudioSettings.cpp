#include "app/AudioSettings.h"

#include "app/TakeRecorder.h"

#include <QSettings>

namespace onair::app {

AudioSettings AudioSettings::load() {
    QSettings s;
    s.beginGroup(QStringLiteral("audio"));
    AudioSettings a;
    a.hostApi = s.value(QStringLiteral("hostApi")).toString();
    a.inputDevice = s.value(QStringLiteral("inputDevice")).toString();
    a.outputDevice = s.value(QStringLiteral("outputDevice")).toString();
    const double rate = s.value(QStringLiteral("sampleRate"), 48000.0).toDouble();
    a.sampleRate = (rate == 44100.0 || rate == 48000.0 || rate == 96000.0) ? rate : 48000.0;
    a.framesPerBuffer =
        std::clamp(s.value(QStringLiteral("framesPerBuffer"), 256).toInt(), 16, 8192);
    if (!parseFormat(s.value(QStringLiteral("format"), QStringLiteral("wav")).toString(),
                     &a.format)) {
        a.format = audio::TakeFormat::Pcm24;
    }
    a.monitor = s.value(QStringLiteral("monitor"), false).toBool();
    return a;
}

void AudioSettings::save() const {
    QSettings s;
    s.beginGroup(QStringLiteral("audio"));
    s.setValue(QStringLiteral("hostApi"), hostApi);
    s.setValue(QStringLiteral("inputDevice"), inputDevice);
    s.setValue(QStringLiteral("outputDevice"), outputDevice);
    s.setValue(QStringLiteral("sampleRate"), sampleRate);
    s.setValue(QStringLiteral("framesPerBuffer"), framesPerBuffer);
    s.setValue(QStringLiteral("format"), formatName(format));
    s.setValue(QStringLiteral("monitor"), monitor);
}

} // namespace onair::app
