#include "ui/TrackRowWidget.h"

#include "ui/LevelMeterWidget.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>

namespace onair::ui {
namespace {

// Input choices encode (first channel, channel count) as first * 2 + (count - 1).
int code(int first, int channels) {
    return first * 2 + (channels - 1);
}

} // namespace

TrackRowWidget::TrackRowWidget(const app::Track& track, int inputChannels, QWidget* parent)
    : QWidget(parent)
    , id_(track.id) {
    setObjectName(QStringLiteral("trackRow"));
    arm_ = new QToolButton(this);
    arm_->setObjectName(QStringLiteral("armButton"));
    arm_->setCheckable(true);
    arm_->setChecked(track.armed);
    arm_->setText(QStringLiteral("\u25CF"));
    arm_->setFixedSize(28, 24); // the same width armed or not, so the rows line up
    arm_->setToolTip(tr("Arm: this track records in the next take"));
    arm_->setStyleSheet(QStringLiteral("QToolButton:checked { color: white; background: #d9363e; "
                                       "border-radius: 4px; }"));

    name_ = new QLineEdit(track.name, this);
    name_->setObjectName(QStringLiteral("trackName"));
    name_->setMaximumWidth(180);

    input_ = new QComboBox(this);
    input_->setObjectName(QStringLiteral("inputSelector"));
    const int channels = std::max({inputChannels, track.firstChannel + track.channels, 1});
    for (int c = 0; c < channels; ++c) {
        input_->addItem(tr("In %1").arg(c + 1), code(c, 1));
    }
    for (int c = 0; c + 1 < channels; ++c) {
        input_->addItem(tr("In %1+%2 (stereo)").arg(c + 1).arg(c + 2), code(c, 2));
    }
    input_->setCurrentIndex(input_->findData(code(track.firstChannel, track.channels)));

    meter_ = new LevelMeterWidget(track.channels, Qt::Horizontal, this);
    meter_->setObjectName(QStringLiteral("trackMeter"));

    remove_ = new QToolButton(this);
    remove_->setText(QStringLiteral("\u2715"));
    remove_->setToolTip(tr("Remove this track"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(arm_);
    layout->addWidget(name_);
    layout->addWidget(input_);
    layout->addWidget(meter_, 1);
    layout->addWidget(remove_);

    connect(arm_, &QToolButton::toggled, this, &TrackRowWidget::edited);
    connect(name_, &QLineEdit::editingFinished, this, &TrackRowWidget::edited);
    connect(input_, &QComboBox::currentIndexChanged, this, [this] {
        meter_->setChannelCount(this->track().channels);
        emit edited();
    });
    connect(remove_, &QToolButton::clicked, this, &TrackRowWidget::removeRequested);
}

app::Track TrackRowWidget::track() const {
    const int c = input_->currentData().toInt();
    const QString name = name_->text().trimmed();
    return app::Track{.name = name.isEmpty() ? tr("Track") : name,
                      .firstChannel = c / 2,
                      .channels = c % 2 + 1,
                      .armed = arm_->isChecked(),
                      .id = id_};
}

void TrackRowWidget::setEditable(bool editable) {
    for (QWidget* w : std::initializer_list<QWidget*>{arm_, name_, input_, remove_}) {
        w->setEnabled(editable);
    }
}

} // namespace onair::ui
