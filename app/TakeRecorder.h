#pragma once

#include "app/Episode.h"
#include "app/TakeJournal.h"
#include "audio/CaptureTypes.h"
#include "audio/RecordingSession.h"

#include <QString>

namespace onair::audio {
class AudioSystem;
}

namespace onair::app {

struct RecordOptions {
    int device = -1; // PortAudio index; -1 = default input
    double sampleRate = 48000.0;
    unsigned long framesPerBuffer = 256;
    audio::TakeFormat format = audio::TakeFormat::Pcm24;
    double ringSeconds = 10.0;
    bool monitor = false;  // hear the armed inputs while recording
    int outputDevice = -1; // for monitoring; -1: default output of the input's host API
    qint64 position = -1;  // timeline frame the take lands at; -1: the end of the episode
};

QString formatName(audio::TakeFormat format);
bool parseFormat(const QString& name, audio::TakeFormat* format);

// Records one take of an episode's tracks into its folder: names the files, journals the take
// before the first sample, and on stop adds the take to episode.json and drops the journal.
// Used by the CLI and the GUI alike; poll() belongs on a timer of <= 50 ms.
class TakeRecorder {
public:
    explicit TakeRecorder(audio::AudioSystem& system);

    QString start(const QString& folder, const Episode& episode, const RecordOptions& options);
    bool poll() { return session_.poll(); }
    // Journals the markers added to `episode` since the take started (a chapter the prompter
    // set), so that they come back with the take if the process dies. Cheap when nothing
    // changed; call it after every edit during the take. Empty or why the journal failed.
    QString journalMarkers(const Episode& episode);
    // Ends the take, adds it to `episode` with its files as clips at the record position (they
    // replace what was there on their tracks, and so do the markers added during the take: those
    // over the replaced audio go, see Edits::punchIn), and saves. The take is returned even when
    // saving failed (then *error says why; the journal stays so the next open puts it back).
    Take stop(Episode& episode, QString* error);

    bool recording() const { return session_.running(); }
    const audio::RecordingSession& session() const { return session_; }
    audio::RecordingSession& session() { return session_; }
    const Take& take() const { return take_; }

private:
    audio::RecordingSession session_;
    QString folder_;
    Take take_;
    TakeJournal journal_;
    QList<Marker> markersAtStart_;
};

} // namespace onair::app
