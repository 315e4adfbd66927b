#include "ui/PrompterSettingsPanel.h"

#include "app/PrompterController.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontComboBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QPushButton>
#include <QScreen>
#include <QSpinBox>

namespace onair::ui {

PrompterSettingsPanel::PrompterSettingsPanel(QWidget* parent)
    : QWidget(parent)
    , font_(new QFontComboBox(this))
    , size_(new QDoubleSpinBox(this))
    , spacing_(new QDoubleSpinBox(this))
    , margins_(new QSpinBox(this))
    , colours_(new QComboBox(this))
    , mirrorH_(new QCheckBox(tr("Horizontal"), this))
    , mirrorV_(new QCheckBox(tr("Vertical"), this))
    , readingLine_(new QSpinBox(this))
    , speed_(new QSpinBox(this))
    , countdown_(new QCheckBox(tr("3-2-1 before scrolling"), this))
    , screen_(new QComboBox(this)) {
    size_->setRange(PrompterSettings::minFontPointSize, PrompterSettings::maxFontPointSize);
    size_->setDecimals(0);
    size_->setSuffix(tr(" pt"));
    spacing_->setRange(0.8, 3.0);
    spacing_->setSingleStep(0.1);
    spacing_->setDecimals(1);
    spacing_->setSuffix(tr(" ×"));
    margins_->setRange(0, 40);
    margins_->setSuffix(tr(" %"));
    margins_->setToolTip(tr("Each side margin, as a share of the width"));
    colours_->addItem(tr("White on black"));
    colours_->addItem(tr("Yellow on black"));
    colours_->addItem(tr("Black on white"));
    readingLine_->setRange(5, 95);
    readingLine_->setSuffix(tr(" % from the top"));
    speed_->setRange(int(app::PrompterController::minWordsPerMinute),
                     int(app::PrompterController::maxWordsPerMinute));
    speed_->setSingleStep(int(app::PrompterController::speedStep));
    speed_->setSuffix(tr(" words/min"));
    mirrorH_->setToolTip(tr("For beam-splitter glass: the text reads correctly in the mirror"));
    auto* fullScreen = new QPushButton(tr("Full screen"), this);
    fullScreen->setToolTip(tr("Escape leaves full screen"));

    auto* form = new QFormLayout(this);
    form->addRow(tr("Font"), font_);
    form->addRow(tr("Size"), size_);
    form->addRow(tr("Line spacing"), spacing_);
    form->addRow(tr("Margins"), margins_);
    form->addRow(tr("Colours"), colours_);
    form->addRow(tr("Mirror"), mirrorH_);
    form->addRow(QString(), mirrorV_);
    form->addRow(tr("Reading line"), readingLine_);
    form->addRow(tr("Speed"), speed_);
    form->addRow(tr("Countdown"), countdown_);
    form->addRow(tr("Screen"), screen_);
    form->addRow(QString(), fullScreen);

    refreshScreens();
    setSettings(base_);
    connect(font_, &QFontComboBox::currentFontChanged, this, &PrompterSettingsPanel::edited);
    for (QDoubleSpinBox* box : {size_, spacing_}) {
        connect(box, &QDoubleSpinBox::valueChanged, this, &PrompterSettingsPanel::edited);
    }
    for (QSpinBox* box : {margins_, readingLine_, speed_}) {
        connect(box, &QSpinBox::valueChanged, this, &PrompterSettingsPanel::edited);
    }
    for (QComboBox* box : {colours_, screen_}) {
        connect(box, &QComboBox::currentIndexChanged, this, &PrompterSettingsPanel::edited);
    }
    for (QCheckBox* box : {mirrorH_, mirrorV_, countdown_}) {
        connect(box, &QCheckBox::toggled, this, &PrompterSettingsPanel::edited);
    }
    connect(fullScreen, &QPushButton::clicked, this, &PrompterSettingsPanel::fullScreenRequested);
}

void PrompterSettingsPanel::refreshScreens() {
    const bool wasLoading = loading_;
    loading_ = true;
    const QString current = screen_->currentData().toString();
    screen_->clear();
    screen_->addItem(tr("This window's screen"), QString());
    for (QScreen* s : QGuiApplication::screens()) {
        const QSize size = s->size();
        screen_->addItem(tr("%1 (%2×%3)").arg(s->name()).arg(size.width()).arg(size.height()),
                         s->name());
    }
    screen_->setCurrentIndex(std::max(0, screen_->findData(current)));
    loading_ = wasLoading;
}

PrompterSettings PrompterSettingsPanel::settings() const {
    PrompterSettings s = base_;
    const QString family = font_->currentFont().family();
    s.fontFamily = family == shownFamily_ ? base_.fontFamily : family;
    s.fontPointSize = size_->value();
    s.lineSpacing = spacing_->value();
    s.marginFraction = margins_->value() / 100.0;
    s.colours = PrompterSettings::Colours(std::max(0, colours_->currentIndex()));
    s.mirrorHorizontal = mirrorH_->isChecked();
    s.mirrorVertical = mirrorV_->isChecked();
    s.readingLine = readingLine_->value() / 100.0;
    s.wordsPerMinute = speed_->value();
    s.countdown = countdown_->isChecked();
    s.screen = screen_->currentData().toString();
    return s;
}

void PrompterSettingsPanel::setSettings(const PrompterSettings& settings) {
    loading_ = true;
    base_ = settings;
    if (!settings.fontFamily.isEmpty()) {
        font_->setCurrentFont(QFont(settings.fontFamily));
    }
    shownFamily_ = font_->currentFont().family();
    size_->setValue(settings.fontPointSize);
    spacing_->setValue(settings.lineSpacing);
    margins_->setValue(int(std::lround(settings.marginFraction * 100)));
    colours_->setCurrentIndex(int(settings.colours));
    mirrorH_->setChecked(settings.mirrorHorizontal);
    mirrorV_->setChecked(settings.mirrorVertical);
    readingLine_->setValue(int(std::lround(settings.readingLine * 100)));
    speed_->setValue(int(std::lround(settings.wordsPerMinute)));
    countdown_->setChecked(settings.countdown);
    int screen = screen_->findData(settings.screen);
    if (screen < 0 && !settings.screen.isEmpty()) {
        // The prompter's monitor is unplugged today: keep it chosen, so editing another
        // setting does not forget it.
        screen_->addItem(tr("%1 (not connected)").arg(settings.screen), settings.screen);
        screen = screen_->count() - 1;
    }
    screen_->setCurrentIndex(std::max(screen, 0));
    loading_ = false;
}

void PrompterSettingsPanel::edited() {
    if (!loading_) {
        base_ = settings();
        emit settingsEdited(base_);
    }
}

} // namespace onair::ui
