#pragma once

#include "app/Episode.h"
#include "app/Studio.h"

#include <QList>
#include <QWidget>

class QVBoxLayout;
class QPushButton;

namespace onair::ui {

class TrackRowWidget;

// The track area while an episode is open: one row per track and an "Add Track" button.
// Edits go out as a whole new track list (tracksEdited); levels come in per armed track.
class TrackListWidget : public QWidget {
    Q_OBJECT
public:
    explicit TrackListWidget(QWidget* parent = nullptr);

    void setTracks(const QList<app::Track>& tracks, int inputChannels);
    QList<app::Track> tracks() const;
    QList<TrackRowWidget*> rows() const { return rows_; }
    // levels[i] belongs to the i-th armed track, as the engine records them.
    void setLevels(const QList<app::TrackLevel>& levels);
    void setRecording(bool recording);

signals:
    void tracksEdited(const QList<onair::app::Track>& tracks);

private:
    void addTrack();

    QVBoxLayout* rowsLayout_ = nullptr;
    QPushButton* add_ = nullptr;
    QList<TrackRowWidget*> rows_;
    QList<quint32> lastClips_; // per armed track: the engine's clip count already shown
    int inputChannels_ = 2;
};

} // namespace onair::ui
