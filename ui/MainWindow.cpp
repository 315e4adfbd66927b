#include "ui/MainWindow.h"

#include "ui/AboutDialog.h"
#include "ui/EmptyStateWidget.h"
#include "ui/LevelMeterWidget.h"
#include "ui/UiResources.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFontDatabase>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>

namespace onair::ui {
namespace {

QAction* makeAction(QObject* parent, const QString& objectName, const QString& text,
                    const QKeySequence& shortcut, const QString& icon = {}) {
    auto* action = new QAction(text, parent);
    action->setObjectName(objectName);
    if (!shortcut.isEmpty()) {
        action->setShortcut(shortcut);
    }
    if (!icon.isEmpty()) {
        action->setIcon(QIcon(icon));
    }
    return action;
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent) {
    ensureUiResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("OnAir"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/onair.svg")));
    createActions();
    createMenus();
    createToolBar();
    createCentralArea();
    createDocks();
    createStatusBar();
    resize(1280, 800);
    // The prompter is read from a distance: give it a real column, not a sliver.
    resizeDocks({prompterDock_}, {420}, Qt::Horizontal);
    restoreLayout();
}

void MainWindow::createActions() {
    quitAction_ = makeAction(this, "actionQuit", tr("&Quit"), QKeySequence::Quit);
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);

    // Editing and transport need an open episode; they stay disabled (and say why) until the
    // episode and recording capabilities enable them.
    const QString needsEpisode = tr("Open an episode first");
    undoAction_ = makeAction(this, "actionUndo", tr("&Undo"), QKeySequence::Undo);
    redoAction_ = makeAction(this, "actionRedo", tr("&Redo"), QKeySequence(tr("Ctrl+Shift+Z")));
    recordAction_ = makeAction(this, "actionRecord", tr("&Record"), QKeySequence(tr("R")),
                               QStringLiteral(":/icons/record.svg"));
    playAction_ = makeAction(this, "actionPlay", tr("&Play"), QKeySequence(tr("Space")),
                             QStringLiteral(":/icons/play.svg"));
    stopAction_ = makeAction(this, "actionStop", tr("&Stop"), QKeySequence(),
                             QStringLiteral(":/icons/stop.svg"));
    for (QAction* a : {undoAction_, redoAction_, recordAction_, playAction_, stopAction_}) {
        a->setEnabled(false);
        a->setStatusTip(needsEpisode);
    }

    aboutAction_ = makeAction(this, "actionAbout", tr("&About OnAir"), QKeySequence());
    connect(aboutAction_, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menuFile"));
    file->addAction(quitAction_);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("menuEdit"));
    edit->addAction(undoAction_);
    edit->addAction(redoAction_);

    QMenu* transport = menuBar()->addMenu(tr("&Transport"));
    transport->setObjectName(QStringLiteral("menuTransport"));
    transport->addAction(recordAction_);
    transport->addAction(playAction_);
    transport->addAction(stopAction_);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menuView"));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menuHelp"));
    help->addAction(aboutAction_);
    QAction* aboutQt = help->addAction(tr("About &Qt"));
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createToolBar() {
    QToolBar* bar = addToolBar(tr("Transport"));
    bar->setObjectName(QStringLiteral("transportToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(24, 24));
    bar->addAction(recordAction_);
    bar->addAction(playAction_);
    bar->addAction(stopAction_);
    bar->addSeparator();

    // The elapsed-time clock: fixed-width digits so it does not jitter while it runs.
    clock_ = new QLabel(QStringLiteral("00:00:00.000"), bar);
    clock_->setObjectName(QStringLiteral("transportClock"));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(mono.pointSizeF() * 1.6);
    clock_->setFont(mono);
    clock_->setContentsMargins(12, 0, 12, 0);
    bar->addWidget(clock_);
}

void MainWindow::createCentralArea() {
    auto* tracks = new EmptyStateWidget(tr("No episode open"),
                                        tr("Tracks, takes and the timeline appear here.\n"
                                           "Each microphone records to its own track."),
                                        this);
    tracks->setObjectName(QStringLiteral("trackArea"));
    setCentralWidget(tracks);
}

void MainWindow::createDocks() {
    auto* prompter = new EmptyStateWidget(tr("Teleprompter"),
                                          tr("The episode's script scrolls here while you record.\n"
                                             "Its headings become chapters as you read them."),
                                          this);
    prompter->setObjectName(QStringLiteral("prompterView"));
    // The prompter reads best as light text on black, as on studio prompter glass.
    QPalette dark = prompter->palette();
    dark.setColor(QPalette::Window, QColor(0x10, 0x10, 0x12));
    dark.setColor(QPalette::WindowText, QColor(0xf2, 0xf2, 0xf2));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0xa0));
    prompter->setPalette(dark);

    prompterDock_ = new QDockWidget(tr("Teleprompter"), this);
    prompterDock_->setObjectName(QStringLiteral("prompterDock"));
    prompterDock_->setWidget(prompter);
    addDockWidget(Qt::RightDockWidgetArea, prompterDock_);

    meters_ = new LevelMeterWidget(2, this);
    meters_->setObjectName(QStringLiteral("levelMeters"));
    meterDock_ = new QDockWidget(tr("Levels"), this);
    meterDock_->setObjectName(QStringLiteral("meterDock"));
    meterDock_->setWidget(meters_);
    addDockWidget(Qt::LeftDockWidgetArea, meterDock_);

    QMenu* view = menuBar()->findChild<QMenu*>(QStringLiteral("menuView"));
    view->addAction(prompterDock_->toggleViewAction());
    view->addAction(meterDock_->toggleViewAction());
}

void MainWindow::createStatusBar() {
    statusEpisode_ = new QLabel(tr("No episode open"), this);
    statusEpisode_->setObjectName(QStringLiteral("statusEpisode"));
    statusBar()->addWidget(statusEpisode_, 1);
}

void MainWindow::restoreLayout() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    event->accept();
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

} // namespace onair::ui
