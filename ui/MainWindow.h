#pragma once

#include <QMainWindow>

class QAction;
class QDockWidget;
class QLabel;

namespace onair::ui {

class LevelMeterWidget;

// The studio window: menus, transport toolbar, track area in the middle, the teleprompter and
// the meters in docks, and a status bar. Later capabilities fill the areas; the shape is fixed
// here so every feature has a home.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    LevelMeterWidget* meters() const { return meters_; }

public slots:
    void showAbout();

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

    QAction* quitAction_ = nullptr;
    QAction* undoAction_ = nullptr;
    QAction* redoAction_ = nullptr;
    QAction* recordAction_ = nullptr;
    QAction* playAction_ = nullptr;
    QAction* stopAction_ = nullptr;
    QAction* aboutAction_ = nullptr;
    QDockWidget* prompterDock_ = nullptr;
    QDockWidget* meterDock_ = nullptr;
    LevelMeterWidget* meters_ = nullptr;
    QLabel* clock_ = nullptr;
    QLabel* statusEpisode_ = nullptr;
};

} // namespace onair::ui
