#include "ui/TrackRowWidget.h"

#include "ui/LevelMeterWidget.h"

#include <QComboBox>
#include <QLineEdit>
#include <QToolButton>

namespace onair::ui {
namespace {

// Input choices encode (first channel, channel count) as first * 2 + (count - 1).
int code(int first, int channels) {
    return first * 2 + (channels - 1);
}

// Header geometry, in the row's pixels. The second line starts where the timeline paints mute
// and solo (TimelineView hit-tests them at x 10..58, y 28..46), so the input box starts after.
constexpr int left = 10;
constexpr int lineHeight = 22;
constexpr int firstLine = 3;
constexpr int secondLine = 27;
constexpr int meterTop = 52;
constexpr int meterHeight = 18;
constexpr int inputLeft = 64;
constexpr int inputWidth = 104;

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
    arm_->setToolTip(tr("Arm: this track records in the next take (and shows its input level)"));
    arm_->setStyleSheet(QStringLiteral("QToolButton:checked { color: white; background: #d9363e; "
                                       "border-radius: 4px; }"));

    name_ = new QLineEdit(track.name, this);
    name_->setObjectName(QStringLiteral("trackName"));

    input_ = new QComboBox(this);
    input_->setObjectName(QStringLiteral("inputSelector"));
    input_->setToolTip(tr("The input channel(s) this track records"));
    const int channels = std::max({inputChannels, track.firstChannel + track.channels, 1});
    for (int c = 0; c < channels; ++c) {
        input_->addItem(tr("In %1").arg(c + 1), code(c, 1));
    }
    for (int c = 0; c + 1 < channels; ++c) {
        input_->addItem(tr("In %1+%2 (stereo)").arg(c + 1).arg(c + 2), code(c, 2));
    }
    input_->setCurrentIndex(input_->findData(code(track.firstChannel, track.channels)));

    // One bar: the engine meters a track as one signal (the peak of all its channels).
    meter_ = new LevelMeterWidget(1, Qt::Horizontal, this);
    meter_->setObjectName(QStringLiteral("trackMeter"));
    QPalette dark = meter_->palette(); // it sits on the timeline's dark header
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xea));
    dark.setColor(QPalette::Base, QColor(0x1c, 0x1d, 0x21).lighter(150));
    meter_->setPalette(dark);

    remove_ = new QToolButton(this);
    remove_->setObjectName(QStringLiteral("removeTrackButton"));
    remove_->setText(QStringLiteral("\u2715"));
    remove_->setToolTip(tr("Remove this track"));

    connect(arm_, &QToolButton::toggled, this, &TrackRowWidget::edited);
    connect(name_, &QLineEdit::editingFinished, this, &TrackRowWidget::edited);
    connect(input_, &QComboBox::currentIndexChanged, this, &TrackRowWidget::edited);
    connect(remove_, &QToolButton::clicked, this, &TrackRowWidget::removeRequested);
}

void TrackRowWidget::resizeEvent(QResizeEvent*) {
    const int w = width();
    arm_->setGeometry(left, firstLine, 26, lineHeight);
    remove_->setGeometry(w - 28, firstLine, 22, lineHeight);
    name_->setGeometry(left + 30, firstLine, w - 28 - 4 - (left + 30), lineHeight);
    input_->setGeometry(inputLeft, secondLine, std::min(inputWidth, w - inputLeft - 6), lineHeight);
    meter_->setGeometry(left, meterTop, w - left - 6, meterHeight);
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
