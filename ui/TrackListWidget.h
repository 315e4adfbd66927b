#pragma once

#include "app/Episode.h"
#include "app/Studio.h"

#include <QList>
#include <QWidget>

class QPushButton;
class QWheelEvent;

namespace onair::ui {

class TimelineLayout;
class TrackRowWidget;

// The track headers: one TrackRowWidget beside each track's lane and an "Add Track" button under
// the last one. TimelineView hosts it over its header column and places the rows where the
// lanes are (placeRows), so heights and vertical scrolling always match. Edits go out as a whole
// new track list (tracksEdited); levels come in per episode track (Studio::trackLevels).
class TrackListWidget : public QWidget {
    Q_OBJECT
public:
    explicit TrackListWidget(QWidget* parent = nullptr);

    void setTracks(const QList<app::Track>& tracks, int inputChannels);
    QList<app::Track> tracks() const;
    QList<TrackRowWidget*> rows() const { return rows_; }
    // levels[i] belongs to the episode's track i; a track whose input is not open goes dark.
    void setLevels(const QList<app::TrackLevel>& levels);
    void setRecording(bool recording);
    // Puts each header beside its lane and the list over the lanes' part of the viewport.
    void placeRows(const TimelineLayout& layout, int viewportHeight);

signals:
    void tracksEdited(const QList<onair::app::Track>& tracks);
    void rowsChanged(); // rebuilt: the host places them again

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    void addTrack();
    void forwardWheel(QWidget* from, QWheelEvent* event);

    QPushButton* add_ = nullptr;
    QList<TrackRowWidget*> rows_;
    QList<quint32> lastClips_; // per track: the engine's clip count already shown
    QList<bool> live_;         // per track: its meter was live at the last read
    int inputChannels_ = 2;
};

} // namespace onair::ui
