#pragma once

#include "ui/PrompterLayout.h"
#include "ui/PrompterLineCache.h"
#include "ui/PrompterSettings.h"

#include <QImage>
#include <QTimer>
#include <QWidget>

namespace onair::app {
class PrompterController;
}

namespace onair::ui {

// The prompter's face: the script large, scrolling past a reading line. The scroll offset is a
// pure function of the controller's position (nothing accumulates per frame), so frame timing can
// delay a frame but never shift the text. Mirroring (for beam-splitter glass) composes the
// frame from flipped pieces: the upright frame reversed, pixel for pixel.
//
// Keys (keyboards, USB foot pedals and presentation clickers send these): P (and Pause/Break, and
// F5, a clicker's "start") pause/resume or start; Space is the studio's (transportRequested():
// during a take it stops the take); PageDown/Right next section; PageUp/Left previous
// section; Up/Down and the wheel speed; B and Period (a clicker's "black screen") blank the
// screen; F flub (flubRequested(), then back to the sentence's start); Escape leave full screen;
// +/- font size.
class PrompterView : public QWidget {
    Q_OBJECT
public:
    explicit PrompterView(app::PrompterController& controller, QWidget* parent = nullptr);

    app::PrompterController& controller() { return controller_; }
    const PrompterSettings& settings() const { return settings_; }
    // Applies looks at once; the speed and countdown go to the controller.
    void setSettings(const PrompterSettings& settings);
    bool isBlanked() const { return blanked_; }
    void setBlanked(bool blanked);

    // Geometry of the unmirrored frame, for tests and the benchmark.
    int readingLineY() const;
    double scrollOffset() const; // content y at the view's top, from the controller's position
    double scrollOffsetAt(double units) const;
    // The strip shown at the bottom while not scrolling (speed, section, the key that starts or
    // resumes); empty while scrolling.
    QString statusLine() const;
    double textLeft() const;
    const PrompterLayout& textLayout() const; // laid out for the current size

    // Frame ticks (screen refresh rate, or 60 Hz): controller update() and a repaint. On while
    // shown; a benchmark drives frames itself.
    void setFrameTicks(bool on);
    // Paints one frame, mirrored as the settings say (what paintEvent shows).
    void paintFrame(QPainter& p);

signals:
    void flubRequested();
    // Space: what Space does in the main window (play/pause; stop a take).
    void transportRequested();
    void leaveFullScreenRequested();
    // A key or the controller changed something worth remembering (font size, speed).
    void settingsChanged(const onair::ui::PrompterSettings& settings);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void tick();
    void ensureLayout() const;
    void changeFontSize(double delta);
    void paintOverlays(MirroredFrame& frame) const;
    QFont textFont() const;

    app::PrompterController& controller_;
    PrompterSettings settings_;
    mutable PrompterLayout layout_;
    PrompterLineCache lines_;
    QTimer frameTimer_;
    bool blanked_ = false;
    int wheelDelta_ = 0;
};

} // namespace onair::ui
