#pragma once

#include "app/Episode.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QToolButton;

namespace onair::ui {

class LevelMeterWidget;

// One track's header beside its lane on the timeline, as in Hindenburg and REAPER: arm, name,
// remove on the first line; input on the second (mute, solo and gain are painted by the
// timeline in the gap on its left); the level meter on the third. It has no background of its
// own: the timeline's header shows through, and clicks on the gaps reach the timeline.
class TrackRowWidget : public QWidget {
    Q_OBJECT
public:
    TrackRowWidget(const app::Track& track, int inputChannels, QWidget* parent = nullptr);

    app::Track track() const;
    LevelMeterWidget* meter() const { return meter_; }
    void setEditable(bool editable);

signals:
    void edited();
    void removeRequested();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    QString id_; // the track this row edits: its clips stay with it
    QToolButton* arm_ = nullptr;
    QLineEdit* name_ = nullptr;
    QComboBox* input_ = nullptr;
    LevelMeterWidget* meter_ = nullptr;
    QToolButton* remove_ = nullptr;
};

} // namespace onair::ui
