#include "app/PromptedRecording.h"

#include "app/Edits.h"
#include "app/EpisodeDocument.h"
#include "app/PrompterController.h"
#include "app/ScriptEdits.h"

namespace onair::app {

PromptedRecording::PromptedRecording(EpisodeDocument& document, PrompterController& prompter,
                                     RecordPosition recordPosition, QObject* parent)
    : QObject(parent)
    , document_(document)
    , prompter_(prompter)
    , recordPosition_(std::move(recordPosition)) {
    connect(&prompter_, &PrompterController::headingCrossed, this,
            &PromptedRecording::headingCrossed);
    ticks_.setInterval(10);
    ticks_.setTimerType(Qt::PreciseTimer);
    connect(&ticks_, &QTimer::timeout, &prompter_, &PrompterController::update);
}

void PromptedRecording::setRecording(bool recording) {
    if (recording == recording_) {
        return;
    }
    recording_ = recording;
    chaptered_.clear();
    if (recording) {
        ticks_.start();
        if (startWithRecording_ && !prompter_.script().isEmpty()) {
            prompter_.start(prompter_.countdownSeconds());
        }
    } else {
        ticks_.stop();
        const auto state = prompter_.state();
        if (state == PrompterController::State::Running ||
            state == PrompterController::State::Countdown) {
            prompter_.pause(); // where the take ended: resume from there for the next one
        }
    }
}

void PromptedRecording::headingCrossed(int section) {
    const auto now = recordPosition_();
    const Script& script = prompter_.script();
    if (!recording_ || !now || section < 0 || section >= script.sections.size()) {
        return;
    }
    const ScriptSection& s = script.sections[section];
    if (s.heading < 0 || s.title.trimmed().isEmpty() || chaptered_.contains(s.title)) {
        return;
    }
    chaptered_.insert(s.title);
    // The tick that noticed the crossing came a little after it (up to a frame, more when the
    // GUI thread was busy): the clock says by how much, and the chapter goes where it was.
    const double wpm = prompter_.wordsPerMinute();
    const double lateUnits =
        prompter_.readingUnits() - prompter_.readingMap().spans()[s.heading].start;
    const double lateSeconds = wpm > 0 ? std::max(0.0, lateUnits) * 60.0 / wpm : 0.0;
    Marker marker;
    marker.kind = MarkerKind::Chapter;
    marker.at = std::max<qint64>(
        0, *now - qint64(std::llround(lateSeconds * document_.episode().sampleRate)));
    marker.title = s.title;
    document_.edit(tr("Chapter from the script"),
                   [&](Episode& e) { return Edits::addMarker(e, marker); });
    emit marked(tr("Chapter “%1” at %2")
                    .arg(marker.title, readTimeText(document_.episode().seconds(marker.at))));
}

QString PromptedRecording::flub() {
    const auto at = recordPosition_();
    if (!recording_ || !at) {
        return {};
    }
    prompter_.backToSentenceStart();
    Marker marker;
    marker.kind = MarkerKind::Retake;
    marker.at = *at;
    marker.title = tr("Retake");
    QString id;
    document_.edit(tr("Retake mark"), [&](Episode& e) { return Edits::addMarker(e, marker, &id); });
    emit marked(tr("Retake mark at %1").arg(readTimeText(document_.episode().seconds(*at))));
    return id;
}

void PromptedRecording::followPlayhead(qint64 frame) {
    if (recording_ || prompter_.isRunning()) {
        return;
    }
    const Script& script = prompter_.script();
    // The last chapter at or before the playhead that names one of the script's sections.
    int section = script.sections.isEmpty() ? -1 : 0;
    for (const Marker& m : document_.episode().markers()) {
        if (m.at > frame) {
            break;
        }
        if (m.kind != MarkerKind::Chapter) {
            continue;
        }
        for (int s = 0; s < script.sections.size(); ++s) {
            if (script.sections[s].heading >= 0 && script.sections[s].title == m.title) {
                section = s;
                break;
            }
        }
    }
    if (section != shownSection_ && section >= 0) {
        shownSection_ = section;
        prompter_.showWord(prompter_.sectionStartWord(section));
    }
}

} // namespace onair::app
