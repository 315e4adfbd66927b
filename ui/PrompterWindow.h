#pragma once

#include <QMainWindow>

class QAction;
class QDockWidget;
class QScreen;

namespace onair::app {
class PrompterController;
}

namespace onair::ui {

class PrompterSettingsPanel;
class PrompterView;
struct PrompterSettings;

// The prompter in a window of its own, to put on a second screen or a teleprompter's monitor and
// go full screen there; a settings dock beside it. Settings are loaded when it opens and saved
// on every change (PrompterSettings, QSettings).
class PrompterWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit PrompterWindow(app::PrompterController& controller, QWidget* parent = nullptr);

    PrompterView& view() { return *view_; }
    PrompterSettingsPanel& settingsPanel() { return *panel_; }

    // Full screen, the view alone, on `screen` (nullptr: the screen named in the settings, or
    // the window's own when that one is not connected).
    void showFullScreenOn(QScreen* screen = nullptr);
    void leaveFullScreen();
    static QScreen* screenNamed(const QString& name); // nullptr when not connected

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void apply(const PrompterSettings& settings);

    PrompterView* view_;
    PrompterSettingsPanel* panel_;
    QDockWidget* dock_;
    QAction* fullScreenAction_;
};

} // namespace onair::ui
