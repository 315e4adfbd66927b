#pragma once

#include <QObject>
#include <QSet>
#include <QTimer>
#include <functional>
#include <optional>

namespace onair::app {

class EpisodeDocument;
class PrompterController;

// Couples the teleprompter to the recorder, so the script drives the session:
// - a recording starts the prompter (after its countdown) when startWithRecording() is on;
// - while recording, the reading line crossing a section heading adds a chapter marker titled
//   with the heading at the frame that was being recorded when the line reached it (once per
//   heading per take: reading a section again after a flub does not add a second chapter);
// - the flub key adds a retake mark at the frame being recorded and moves the prompter back to
//   the start of the sentence being read;
// - during playback the prompter shows the section whose chapter is at the playhead.
// While recording it ticks the prompter itself (a view may be hidden behind another dock tab;
// chapters must not depend on it being on screen). It knows the recorder only through
// `recordPosition` (nullopt when not recording), so a test can drive it with a virtual clock.
class PromptedRecording : public QObject {
    Q_OBJECT
public:
    using RecordPosition = std::function<std::optional<qint64>()>;
    PromptedRecording(EpisodeDocument& document, PrompterController& prompter,
                      RecordPosition recordPosition, QObject* parent = nullptr);

    bool startWithRecording() const { return startWithRecording_; }
    void setStartWithRecording(bool on) { startWithRecording_ = on; }

    // Connect to Studio::recordingChanged.
    void setRecording(bool recording);
    // The flub key. Returns the retake mark's id (empty when not recording).
    QString flub();
    // Connect to the playhead while playing (not while recording).
    void followPlayhead(qint64 frame);

signals:
    // What was marked, for the status bar: "Chapter “News” at 1:23".
    void marked(const QString& message);

private:
    void headingCrossed(int section);

    EpisodeDocument& document_;
    PrompterController& prompter_;
    RecordPosition recordPosition_;
    bool startWithRecording_ = true;
    bool recording_ = false;
    QSet<QString> chaptered_; // headings given a chapter in this take
    QTimer ticks_;
    int shownSection_ = -2;
};

} // namespace onair::app
