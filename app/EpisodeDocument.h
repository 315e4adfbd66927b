#pragma once

#include "app/Episode.h"
#include "app/EpisodeStore.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QUndoStack>
#include <functional>

namespace onair::app {

// The open episode as the studio edits it: the document, its folder, unlimited undo/redo, and
// saving. Every edit is one undo step holding the edit state before and after it (takes and
// imports are outside that state: undo never loses a recording). Edits belonging to one
// gesture (a drag) merge into a single step.
//
// Autosave: at most once every autosaveInterval() after an edit, the document goes to
// episode.autosave.json, never over episode.json; the next open after a crash offers it.
class EpisodeDocument : public QObject {
    Q_OBJECT
public:
    explicit EpisodeDocument(QObject* parent = nullptr);
    ~EpisodeDocument() override;

    // Takes over an opened episode (undo history starts empty).
    void adopt(const QString& folder, const Episode& episode);
    void close();
    // The user chose not to keep the unsaved edits: the autosave goes too, then close().
    void discardAndClose();
    bool isOpen() const { return !folder_.isEmpty(); }
    const QString& folder() const { return folder_; }
    const Episode& episode() const { return episode_; }
    // For changes outside the edit state (a take or an import added): not undoable, saved
    // with the next save.
    Episode& episodeForRecording() { return episode_; }

    // Applies `op` as one undo step named `text`. Returns op's error; on error nothing changes.
    // Edits passing the same nonzero `gesture` (from beginGesture()) merge into one step, and
    // each of them applies to the state before the gesture's first one (a drag: every mouse
    // move re-applies the whole move from where it started).
    QString edit(const QString& text, const std::function<QString(Episode&)>& op, int gesture = 0);
    int beginGesture() { return ++lastGesture_; }
    // Records a change someone else already made to the edit state as one undo step.
    void recordChange(const QString& text, const EditState& before);

    // Inputs and arming changed (studio settings kept on the tracks, not undo steps): saved
    // with the episode, and undo never brings back an old input.
    void routingChanged();

    QUndoStack& undoStack() { return undo_; }
    bool modified() const { return !undo_.isClean() || routingDirty_; }

    // episode.json, atomically, with a .bak; drops the autosave.
    QString save();
    // Saved by someone else (the recorder writes episode.json when a take ends).
    void markSaved();
    QString autosaveNow();
    void setAutosaveInterval(int milliseconds) { autosaveInterval_ = milliseconds; }
    int autosaveInterval() const { return autosaveInterval_; }

    // Used by the undo steps.
    void restore(const EditState& state);

signals:
    void changed(); // after every edit, undo and redo
    void autosaved(const QString& error);

private:
    void scheduleAutosave();

    QString folder_;
    Episode episode_;
    QUndoStack undo_;
    bool routingDirty_ = false;
    int lastGesture_ = 1000;
    int activeGesture_ = 0;
    int gestureIndex_ = -1; // undo index right after the active gesture's last step
    EditState gestureBefore_;
    int autosaveInterval_ = 60000;
    QTimer autosaveTimer_;
    QElapsedTimer sinceAutosave_;
};

} // namespace onair::app
