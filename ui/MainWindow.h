#pragma once

#include <QMainWindow>

class QAction;
class QMenu;
class QDockWidget;
class QLabel;
class QStackedWidget;

namespace onair::app {
class PromptedRecording;
class PrompterController;
class Studio;
struct Script;
struct Take;
} // namespace onair::app

namespace onair::ui {

class TimelineView;
class LevelMeterWidget;
class PrompterView;
class PrompterWindow;
class ScriptEditor;
class TrackListWidget;

// The studio window: menus, transport toolbar (record, stop, clock, disk time left), the track
// area in the middle, the teleprompter and the meters in docks, and a status bar that shows
// xruns and dropped frames in red. It shows the Studio's state and forwards the user's
// commands to it; the logic lives in app/.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(app::Studio& studio, QWidget* parent = nullptr);

    LevelMeterWidget* meters() const { return meters_; }
    TrackListWidget* trackList() const { return trackList_; }
    TimelineView* timeline() const { return timeline_; }

public slots:
    void showAbout();
    void newEpisode();
    void openEpisode();
    // Opens an episode folder, offering unsaved edits a crash left behind.
    void openEpisodeFolder(const QString& folder);
    void showAudioSettings();
    void record();
    void stop();
    void playPause();
    bool save();
    void importAudio();   // MainWindowEditing.cpp
    void exportEpisode(); // MainWindowEditing.cpp

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createCentralArea();
    void createDocks();
    void createStatusBar();
    void restoreLayout();

    void onEpisodeChanged();
    void onRecordingChanged(bool recording);
    void onTakeFinished(const app::Take& take, const QString& error);
    void refresh();         // clock, meters, disk, xruns: on every Studio tick
    void refreshPlayback(); // clock and output meters while playing
    void refreshLevels();   // the track headers' meters and the Levels dock
    // Script and prompter (MainWindowScript.cpp).
    void createScriptDocks();
    void createScriptActions(QMenu* file, QMenu* transport, QMenu* view);
    void loadEpisodeScript();
    void showScript(const app::Script& script);
    void importScript();
    void onScriptEdited();
    void showPrompterWindow();
    bool prompting() const; // recording with the prompter driving the take
    void focusPrompter();
    // The Edit and View menus' editing actions (MainWindowEditing.cpp).
    void createEditActions(QMenu* edit, QMenu* view);
    bool confirmClose(); // unsaved edits: save, discard or stay
    int inputChannelCount() const;

    app::Studio& studio_;
    QAction* quitAction_ = nullptr;
    QAction* newAction_ = nullptr;
    QAction* openAction_ = nullptr;
    QAction* settingsAction_ = nullptr;
    QAction* undoAction_ = nullptr;
    QAction* redoAction_ = nullptr;
    QAction* recordAction_ = nullptr;
    QAction* playAction_ = nullptr;
    QAction* stopAction_ = nullptr;
    QAction* monitorAction_ = nullptr;
    QAction* monitorInputsAction_ = nullptr;
    QAction* aboutAction_ = nullptr;
    QAction* saveAction_ = nullptr;
    QAction* importAction_ = nullptr;
    QAction* exportAction_ = nullptr;
    QAction* loopAction_ = nullptr;
    TimelineView* timeline_ = nullptr;
    QStackedWidget* center_ = nullptr;
    TrackListWidget* trackList_ = nullptr;
    QDockWidget* prompterDock_ = nullptr;
    QDockWidget* scriptDock_ = nullptr;
    QStackedWidget* prompterStack_ = nullptr; // an empty state until there is a script
    PrompterView* prompterView_ = nullptr;
    PrompterWindow* prompterWindow_ = nullptr;
    ScriptEditor* scriptEditor_ = nullptr;
    app::PrompterController* prompter_ = nullptr;
    app::PromptedRecording* prompted_ = nullptr;
    QString scriptFolder_; // the episode whose script is shown
    QAction* importScriptAction_ = nullptr;
    QAction* flubAction_ = nullptr;
    QAction* promptAction_ = nullptr;
    QAction* prompterWindowAction_ = nullptr;
    QAction* nextSectionAction_ = nullptr;
    QAction* previousSectionAction_ = nullptr;
    QDockWidget* meterDock_ = nullptr;
    LevelMeterWidget* meters_ = nullptr;
    QLabel* clock_ = nullptr;
    QLabel* disk_ = nullptr;
    QLabel* statusEpisode_ = nullptr;
    QLabel* statusLoss_ = nullptr;
};

} // namespace onair::ui
