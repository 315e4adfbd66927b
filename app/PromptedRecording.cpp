#include "app/PromptedRecording.h"

#include "app/Edits.h"
#include "app/EpisodeDocument.h"
#include "app/PrompterController.h"

namespace onair::app {

namespace {

QString clockText(double seconds) {
    const int s = int(seconds);
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

PromptedRecording::PromptedRecording(EpisodeDocument& document, PrompterController& prompter,
                                     RecordPosition recordPosition, QObject* parent)
    : QObject(parent)
    , document_(document)
    , prompter_(prompter)
    , recordPosition_(std::move(recordPosition)) {
    connect(&prompter_, &PrompterController::headingCrossed, this,
            &PromptedRecording::headingCrossed);
}

void PromptedRecording::setRecording(bool recording) {
    if (recording == recording_) {
        return;
    }
    recording_ = recording;
    chaptered_.clear();
    if (recording && startWithRecording_ && !prompter_.script().isEmpty()) {
        prompter_.start(prompter_.countdownSeconds());
    } else if (!recording && prompter_.isRunning()) {
        prompter_.pause(); // where the take ended: resume from there for the next one
    }
}

void PromptedRecording::headingCrossed(int section) {
    const auto at = recordPosition_();
    const Script& script = prompter_.script();
    if (!recording_ || !at || section < 0 || section >= script.sections.size() ||
        script.sections[section].heading < 0 || chaptered_.contains(section)) {
        return;
    }
    chaptered_.insert(section);
    Marker marker;
    marker.kind = MarkerKind::Chapter;
    marker.at = *at;
    marker.title = script.sections[section].title;
    document_.edit(tr("Chapter from the script"),
                   [&](Episode& e) { return Edits::addMarker(e, marker); });
    emit marked(
        tr("Chapter “%1” at %2").arg(marker.title, clockText(document_.episode().seconds(*at))));
}

QString PromptedRecording::flub() {
    prompter_.backToSentenceStart();
    const auto at = recordPosition_();
    if (!recording_ || !at) {
        return {};
    }
    Marker marker;
    marker.kind = MarkerKind::Retake;
    marker.at = *at;
    marker.title = tr("Retake");
    QString id;
    document_.edit(tr("Retake mark"), [&](Episode& e) { return Edits::addMarker(e, marker, &id); });
    emit marked(tr("Retake mark at %1").arg(clockText(document_.episode().seconds(*at))));
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
