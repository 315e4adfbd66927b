#include "ui/PrompterView.h"

#include "app/PrompterController.h"

#include <QFontDatabase>
#include <QKeyEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScreen>
#include <QWheelEvent>
#include <cmath>

namespace onair::ui {

using State = app::PrompterController::State;

PrompterView::PrompterView(app::PrompterController& controller, QWidget* parent)
    : QWidget(parent)
    , controller_(controller) {
    setAttribute(Qt::WA_OpaquePaintEvent); // every frame fills every pixel
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 200);
    frameTimer_.setTimerType(Qt::PreciseTimer);
    connect(&frameTimer_, &QTimer::timeout, this, &PrompterView::tick);
    connect(&controller_, &app::PrompterController::scriptChanged, this, [this] {
        layout_.clear();
        update();
    });
    // Moves while not scrolling (jumps, pause, countdown digits) repaint at once.
    connect(&controller_, &app::PrompterController::stateChanged, this,
            qOverload<>(&QWidget::update));
    connect(&controller_, &app::PrompterController::positionChanged, this,
            qOverload<>(&QWidget::update));
    connect(&controller_, &app::PrompterController::countdownChanged, this,
            qOverload<>(&QWidget::update));
    connect(&controller_, &app::PrompterController::speedChanged, this, [this](double wpm) {
        if (settings_.wordsPerMinute != wpm) {
            settings_.wordsPerMinute = wpm;
            emit settingsChanged(settings_);
        }
        update();
    });
    // The controller's speed is the truth until settings are applied (it may be shared).
    settings_.wordsPerMinute = controller_.wordsPerMinute();
    settings_.countdown = controller_.countdownSeconds() > 0;
}

void PrompterView::setSettings(const PrompterSettings& settings) {
    settings_ = settings;
    settings_.clamp();
    controller_.setWordsPerMinute(settings_.wordsPerMinute);
    controller_.setCountdownSeconds(settings_.countdown ? 3 : 0);
    update();
}

void PrompterView::setBlanked(bool blanked) {
    blanked_ = blanked;
    update();
}

QFont PrompterView::textFont() const {
    QFont f = settings_.fontFamily.isEmpty() ? QFontDatabase::systemFont(QFontDatabase::GeneralFont)
                                             : QFont(settings_.fontFamily);
    f.setPointSizeF(settings_.fontPointSize);
    return f;
}

double PrompterView::textLeft() const {
    return std::round(width() * settings_.marginFraction);
}

void PrompterView::ensureLayout() const {
    const double w = std::max(10.0, width() - 2 * textLeft());
    const PrompterLayout::Style style{textFont(), settings_.lineSpacing, settings_.palette()};
    if (!layout_.isBuiltFor(w, style)) {
        layout_.build(controller_.script(), w, style, this);
    }
}

const PrompterLayout& PrompterView::textLayout() const {
    ensureLayout();
    return layout_;
}

int PrompterView::readingLineY() const {
    return int(std::lround(height() * settings_.readingLine));
}

double PrompterView::scrollOffsetAt(double units) const {
    ensureLayout();
    // The reading line runs through the middle of the line being read.
    return layout_.contentY(units) + layout_.bodyLineHeight() / 2 - readingLineY();
}

double PrompterView::scrollOffset() const {
    return scrollOffsetAt(controller_.readingUnits());
}

void PrompterView::setFrameTicks(bool on) {
    if (!on) {
        frameTimer_.stop();
        return;
    }
    const double hz =
        screen() != nullptr && screen()->refreshRate() >= 20 ? screen()->refreshRate() : 60.0;
    frameTimer_.start(std::max(1, int(1000.0 / hz)));
}

void PrompterView::tick() {
    controller_.update();
    const State s = controller_.state();
    if (s == State::Running || s == State::Countdown) {
        update();
    }
}

namespace {

// The reading line's arrow, pointing right.
QImage arrowImage(int size, const QColor& colour, qreal dpr) {
    QImage img(QSize(size, size) * dpr, QImage::Format_ARGB32_Premultiplied);
    img.setDevicePixelRatio(dpr);
    img.fill(Qt::transparent);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.moveTo(0, 0);
    path.lineTo(size, size / 2.0);
    path.lineTo(0, size);
    path.closeSubpath();
    p.fillPath(path, colour);
    return img;
}

} // namespace

void PrompterView::paintFrame(QPainter& p) {
    const PrompterSettings::Palette pal = settings_.palette();
    if (blanked_) {
        p.fillRect(rect(), pal.background);
        return;
    }
    ensureLayout();
    const qreal dpr = p.device() != nullptr ? p.device()->devicePixelRatioF() : 1.0;
    MirroredFrame frame(p, size(), dpr, settings_.mirrorHorizontal, settings_.mirrorVertical);
    // On a device pixel, so every line moves by the same whole pixels and blits stay copies.
    const double top = std::round(scrollOffset() * dpr) / dpr;
    lines_.draw(frame, layout_, top, width(), height(), textLeft(), pal);
    // The band is translucent, over the text: the lines are opaque images.
    const double line = layout_.bodyLineHeight();
    const int readY = readingLineY();
    const int band = int(std::lround(line * 1.1));
    frame.fill(QRect(0, readY - band / 2, width(), band), pal.band);

    // Arrows at both ends of the reading line, inside the margins when there are margins.
    const int size = int(std::clamp(line * 0.35, 8.0, 40.0));
    const int inset = int(std::max(4.0, textLeft() * 0.3));
    const QImage arrow = arrowImage(size, pal.marker, dpr);
    frame.image(QPointF(inset, readY - size / 2), arrow);
    frame.image(QPointF(width() - inset - size, readY - size / 2), arrow.mirrored(true, false));
    paintOverlays(frame);
}

void PrompterView::paintOverlays(MirroredFrame& frame) const {
    const PrompterSettings::Palette pal = settings_.palette();
    QFont small = textFont();
    small.setPixelSize(std::max(12, height() / 28));
    small.setBold(false);
    const State s = controller_.state();
    if (s == State::Countdown) {
        const int d = height() * 2 / 5;
        const QRect box((width() - d) / 2, (height() - d) / 2, d, d);
        QFont big = small;
        big.setPixelSize(d * 2 / 3);
        big.setBold(true);
        const QString digit = QString::number(controller_.countdownSecondsLeft());
        frame.piece(box, [&](QPainter& p) {
            p.setRenderHint(QPainter::Antialiasing);
            p.setPen(Qt::NoPen);
            QColor disc = pal.background;
            disc.setAlpha(0xe0); // the text shows faintly through: where reading will start
            p.setBrush(disc);
            p.drawEllipse(box);
            p.setFont(big);
            p.setPen(pal.marker);
            p.drawText(box, Qt::AlignCenter, digit);
        });
        return;
    }
    if (s == State::Running) {
        return;
    }
    // Not scrolling: say so, with the speed and the section, dimmed at the bottom.
    const int pad = small.pixelSize() / 2;
    if (s == State::Paused) {
        const int bar = small.pixelSize();
        const QRect sign(width() / 2, pad, width() / 2 - pad, 2 * bar);
        frame.piece(sign, [&](QPainter& p) {
            const int x = sign.right() + 1 - 3 * bar;
            p.fillRect(QRect(x, sign.top(), bar * 2 / 3, sign.height()), pal.marker);
            p.fillRect(QRect(x + bar * 4 / 3, sign.top(), bar * 2 / 3, sign.height()), pal.marker);
            p.setFont(small);
            p.setPen(pal.marker);
            p.drawText(QRect(sign.left(), sign.top(), x - pad - sign.left(), sign.height()),
                       Qt::AlignRight | Qt::AlignVCenter, tr("PAUSED"));
        });
    }
    const QString status = statusLine();
    // On a strip of its own: the text under it is not being read while nothing scrolls.
    const int strip = 2 * small.pixelSize() + 2 * pad;
    const QRect where(0, height() - strip, width(), strip);
    frame.piece(where, [&](QPainter& p) {
        p.fillRect(where, pal.background);
        p.setFont(small);
        p.setPen(pal.cue);
        p.drawText(where.adjusted(pad, 0, -pad, 0), Qt::AlignLeft | Qt::AlignVCenter, status);
    });
}

QString PrompterView::statusLine() const {
    const State s = controller_.state();
    if (s == State::Running || s == State::Countdown) {
        return {};
    }
    QString status = tr("%1 wpm").arg(controller_.wordsPerMinute());
    const int section = controller_.currentSection();
    if (section >= 0 && !controller_.script().sections[section].title.isEmpty()) {
        status += QStringLiteral("  ·  ") + controller_.script().sections[section].title;
    }
    // The pause key is on screen: Space is not it (Space stops a take).
    if (s == State::Idle) {
        status += QStringLiteral("  ·  ") + tr("P to start");
    } else if (s == State::Paused) {
        status += QStringLiteral("  ·  ") + tr("P to resume");
    } else if (s == State::Finished) {
        status += QStringLiteral("  ·  ") + tr("end of script");
    }
    return status;
}

void PrompterView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    paintFrame(p);
}

void PrompterView::changeFontSize(double delta) {
    settings_.fontPointSize =
        std::clamp(settings_.fontPointSize + delta, PrompterSettings::minFontPointSize,
                   PrompterSettings::maxFontPointSize);
    update();
    emit settingsChanged(settings_);
}

// In the main window F marks a flub and P pauses the prompter: while the prompter has the focus
// its pedal and clicker keys are its own (F still reaches the recorder, through flubRequested).
// Space is not: it is the studio's (play, pause, stop a take), also from a prompter window.
bool PrompterView::event(QEvent* event) {
    if (event->type() == QEvent::ShortcutOverride) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const auto mods = key->modifiers() & ~Qt::KeypadModifier;
        static const QList<int> own{
            Qt::Key_P,      Qt::Key_Pause,  Qt::Key_F5,     Qt::Key_PageDown,
            Qt::Key_Right,  Qt::Key_PageUp, Qt::Key_Left,   Qt::Key_Up,
            Qt::Key_Down,   Qt::Key_B,      Qt::Key_Period, Qt::Key_F,
            Qt::Key_Escape, Qt::Key_Plus,   Qt::Key_Equal,  Qt::Key_Minus};
        if ((mods == Qt::NoModifier || mods == Qt::ShiftModifier) && own.contains(key->key())) {
            event->accept();
            return true;
        }
    }
    return QWidget::event(event);
}

void PrompterView::keyPressEvent(QKeyEvent* event) {
    // A pedal held down repeats its key: only speed and size may repeat, a held P must not
    // toggle pause on and off, nor a held PageDown skip through the show.
    const bool repeats = event->key() == Qt::Key_Up || event->key() == Qt::Key_Down ||
                         event->key() == Qt::Key_Plus || event->key() == Qt::Key_Equal ||
                         event->key() == Qt::Key_Minus;
    if (event->isAutoRepeat() && !repeats) {
        event->accept();
        return;
    }
    switch (event->key()) {
    case Qt::Key_P:
    case Qt::Key_Pause:
    case Qt::Key_F5:
        controller_.toggle();
        break;
    case Qt::Key_Space:
        emit transportRequested(); // a window of its own: the main window's Space cannot hear it
        break;
    case Qt::Key_PageDown:
    case Qt::Key_Right:
        controller_.nextSection();
        break;
    case Qt::Key_PageUp:
    case Qt::Key_Left:
        controller_.previousSection();
        break;
    case Qt::Key_Up:
        controller_.faster();
        break;
    case Qt::Key_Down:
        controller_.slower();
        break;
    case Qt::Key_B:
    case Qt::Key_Period:
        setBlanked(!blanked_);
        break;
    case Qt::Key_F:
        emit flubRequested(); // first: the retake mark goes where the flub was heard
        controller_.backToSentenceStart();
        break;
    case Qt::Key_Escape:
        emit leaveFullScreenRequested();
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        changeFontSize(4);
        break;
    case Qt::Key_Minus:
        changeFontSize(-4);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void PrompterView::wheelEvent(QWheelEvent* event) {
    wheelDelta_ += event->angleDelta().y();
    for (; wheelDelta_ >= 120; wheelDelta_ -= 120) {
        controller_.faster();
    }
    for (; wheelDelta_ <= -120; wheelDelta_ += 120) {
        controller_.slower();
    }
    event->accept();
}

void PrompterView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    setFrameTicks(true);
}

void PrompterView::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    setFrameTicks(false);
}

} // namespace onair::ui
