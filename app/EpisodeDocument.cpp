#include "app/EpisodeDocument.h"

#include <QUndoCommand>

namespace onair::app {
namespace {

// One undo step: the edit state before and after. Snapshots rather than inverse operations:
// an episode's edit state is small (implicitly shared Qt lists), and a snapshot cannot undo
// to a subtly different place than the one the edit started from.
class SnapshotCommand : public QUndoCommand {
public:
    SnapshotCommand(EpisodeDocument& doc, const QString& text, EditState before, EditState after,
                    int gesture)
        : QUndoCommand(text)
        , doc_(doc)
        , before_(std::move(before))
        , after_(std::move(after))
        , gesture_(gesture) {}

    void redo() override {
        if (firstRedo_) { // push() calls redo(); the edit is already in the document
            firstRedo_ = false;
            return;
        }
        doc_.restore(after_);
    }
    void undo() override { doc_.restore(before_); }
    int id() const override { return gesture_ > 0 ? gesture_ : -1; }
    bool mergeWith(const QUndoCommand* other) override {
        after_ = static_cast<const SnapshotCommand*>(other)->after_;
        return true;
    }

private:
    EpisodeDocument& doc_;
    EditState before_;
    EditState after_;
    int gesture_;
    bool firstRedo_ = true;
};

// Inputs and arming as they are now, on the tracks of `state` that still exist: what a
// microphone is plugged into is not part of an edit's history.
EditState keepRouting(EditState state, const EditState& now) {
    for (auto& t : state.tracks) {
        for (const auto& current : now.tracks) {
            if (!t.id.isEmpty() && current.id == t.id) {
                t.firstChannel = current.firstChannel;
                t.channels = current.channels;
                t.armed = current.armed;
            }
        }
    }
    return state;
}

} // namespace

EpisodeDocument::EpisodeDocument(QObject* parent)
    : QObject(parent) {
    autosaveTimer_.setSingleShot(true);
    connect(&autosaveTimer_, &QTimer::timeout, this, [this] { autosaveNow(); });
    connect(&undo_, &QUndoStack::indexChanged, this, [this] {
        scheduleAutosave();
        emit changed();
    });
    sinceAutosave_.start();
}

EpisodeDocument::~EpisodeDocument() {
    // The undo stack outlives the timer among the members; its teardown must not reach us.
    disconnect(&undo_, nullptr, this, nullptr);
}

void EpisodeDocument::adopt(const QString& folder, const Episode& episode) {
    autosaveTimer_.stop();
    undo_.clear();
    folder_ = folder;
    episode_ = episode;
    routingDirty_ = false;
    undo_.setClean();
    emit changed();
}

void EpisodeDocument::close() {
    autosaveTimer_.stop();
    if (isOpen() && !modified()) {
        EpisodeStore::removeAutosave(folder_);
    }
    undo_.clear();
    folder_.clear();
    episode_ = Episode{};
    emit changed();
}

void EpisodeDocument::discardAndClose() {
    autosaveTimer_.stop();
    if (isOpen()) {
        EpisodeStore::removeAutosave(folder_);
    }
    undo_.setClean();
    routingDirty_ = false;
    close();
}

QString EpisodeDocument::edit(const QString& text, const std::function<QString(Episode&)>& op,
                              int gesture) {
    const EditState current = episode_.edit;
    // Each step of a gesture applies to the state before the gesture, so that a clip dragged
    // across another one does not leave it trimmed where it merely passed.
    const bool continuing = gesture != 0 && gesture == activeGesture_ &&
                            undo_.index() == gestureIndex_ && undo_.index() > 0;
    if (!continuing) {
        gestureBefore_ = current;
        activeGesture_ = gesture;
    }
    const EditState before = keepRouting(gestureBefore_, current);
    episode_.edit = before;
    if (const QString err = op(episode_); !err.isEmpty()) {
        episode_.edit = current;
        return err;
    }
    // push() emits indexChanged also when the step merges into the gesture's: changed() once.
    undo_.push(new SnapshotCommand(*this, text, before, episode_.edit, gesture));
    gestureIndex_ = undo_.index();
    return {};
}

void EpisodeDocument::recordChange(const QString& text, const EditState& before) {
    undo_.push(new SnapshotCommand(*this, text, before, episode_.edit, 0));
}

void EpisodeDocument::restore(const EditState& state) {
    episode_.edit = keepRouting(state, episode_.edit);
}

void EpisodeDocument::routingChanged() {
    routingDirty_ = true;
    scheduleAutosave();
    emit changed();
}

QString EpisodeDocument::save() {
    if (!isOpen()) {
        return tr("No episode is open.");
    }
    if (const QString err = EpisodeStore::save(folder_, episode_); !err.isEmpty()) {
        return err;
    }
    markSaved();
    return {};
}

void EpisodeDocument::markSaved() {
    routingDirty_ = false;
    undo_.setClean();
    autosaveTimer_.stop();
    EpisodeStore::removeAutosave(folder_);
}

QString EpisodeDocument::autosaveNow() {
    if (!isOpen()) {
        return {};
    }
    if (!modified()) {
        // Undone back to what episode.json holds: an older autosave would offer the undone
        // edits as unsaved work at the next open.
        EpisodeStore::removeAutosave(folder_);
        return {};
    }
    sinceAutosave_.restart();
    const QString err = EpisodeStore::writeAutosave(folder_, episode_);
    emit autosaved(err);
    return err;
}

void EpisodeDocument::scheduleAutosave() {
    if (!isOpen() || autosaveTimer_.isActive()) {
        return; // one autosave already pending covers this edit too
    }
    const qint64 wait = std::max<qint64>(0, autosaveInterval_ - sinceAutosave_.elapsed());
    autosaveTimer_.start(static_cast<int>(wait));
}

} // namespace onair::app
