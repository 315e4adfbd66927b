#pragma once

#include "app/Episode.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QToolButton;

namespace onair::ui {

class LevelMeterWidget;

// One track in the track area: arm button, name, input channel(s), level meter, remove.
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

private:
    QString id_; // the track this row edits: its clips stay with it
    QToolButton* arm_ = nullptr;
    QLineEdit* name_ = nullptr;
    QComboBox* input_ = nullptr;
    LevelMeterWidget* meter_ = nullptr;
    QToolButton* remove_ = nullptr;
};

} // namespace onair::ui
