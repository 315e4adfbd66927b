#include "ui/PrompterWindow.h"

#include "app/PrompterController.h"
#include "ui/PrompterSettings.h"
#include "ui/PrompterSettingsPanel.h"
#include "ui/PrompterView.h"

#include <QAction>
#include <QCloseEvent>
#include <QDockWidget>
#include <QGuiApplication>
#include <QScreen>
#include <QSettings>
#include <QToolBar>

namespace onair::ui {

PrompterWindow::PrompterWindow(app::PrompterController& controller, QWidget* parent)
    : QMainWindow(parent, Qt::Window)
    , view_(new PrompterView(controller, this))
    , panel_(new PrompterSettingsPanel(this))
    , dock_(new QDockWidget(tr("Prompter settings"), this)) {
    setWindowTitle(tr("OnAir Prompter"));
    setCentralWidget(view_);
    dock_->setObjectName(QStringLiteral("prompterSettingsDock"));
    dock_->setWidget(panel_);
    addDockWidget(Qt::RightDockWidgetArea, dock_);

    auto* bar = addToolBar(tr("Prompter"));
    bar->setObjectName(QStringLiteral("prompterToolBar"));
    bar->addAction(tr("Start / pause"), &controller, &app::PrompterController::toggle)
        ->setToolTip(tr("P (or Pause, F5)"));
    bar->addAction(tr("Previous section"), &controller, &app::PrompterController::previousSection)
        ->setToolTip(tr("PageUp"));
    bar->addAction(tr("Next section"), &controller, &app::PrompterController::nextSection)
        ->setToolTip(tr("PageDown"));
    fullScreenAction_ = bar->addAction(tr("Full screen"), this, [this] { showFullScreenOn(); });
    fullScreenAction_->setShortcut(QKeySequence(Qt::Key_F11));
    fullScreenAction_->setToolTip(tr("F11; Escape leaves full screen"));
    bar->addAction(dock_->toggleViewAction());

    PrompterSettings loaded = PrompterSettings::load();
    // Opened mid-read (the dock prompting already), the speed the host set stays.
    if (controller.script().wordCount > 0 || controller.isRunning()) {
        loaded.wordsPerMinute = controller.wordsPerMinute();
    }
    view_->setSettings(loaded);
    panel_->setSettings(view_->settings());
    connect(panel_, &PrompterSettingsPanel::settingsEdited, this, &PrompterWindow::apply);
    connect(panel_, &PrompterSettingsPanel::fullScreenRequested, this,
            [this] { showFullScreenOn(); });
    connect(view_, &PrompterView::settingsChanged, this, [this](const PrompterSettings& s) {
        panel_->setSettings(s); // a key changed the size or speed: show and keep it
        s.save();
    });
    connect(view_, &PrompterView::leaveFullScreenRequested, this, &PrompterWindow::leaveFullScreen);
    connect(qApp, &QGuiApplication::screenAdded, panel_, &PrompterSettingsPanel::refreshScreens);
    connect(qApp, &QGuiApplication::screenRemoved, panel_, &PrompterSettingsPanel::refreshScreens);

    restoreGeometry(QSettings().value(QStringLiteral("prompter/windowGeometry")).toByteArray());
    if (!restoreState(QSettings().value(QStringLiteral("prompter/windowState")).toByteArray())) {
        resize(1100, 700);
    }
    view_->setFocus();
}

void PrompterWindow::apply(const PrompterSettings& settings) {
    view_->setSettings(settings);
    view_->settings().save();
}

QScreen* PrompterWindow::screenNamed(const QString& name) {
    for (QScreen* s : QGuiApplication::screens()) {
        if (s->name() == name) {
            return s;
        }
    }
    return nullptr;
}

void PrompterWindow::showFullScreenOn(QScreen* screen) {
    if (screen == nullptr) {
        screen = screenNamed(view_->settings().screen);
    }
    if (screen == nullptr) {
        screen = this->screen();
    }
    if (!isFullScreen()) {
        QSettings().setValue(QStringLiteral("prompter/windowState"), saveState());
    }
    dock_->hide();
    for (QToolBar* bar : findChildren<QToolBar*>()) {
        bar->hide();
    }
    // A window goes full screen on the screen it is on: move it there first.
    if (screen != nullptr) {
        if (isFullScreen()) {
            showNormal();
        }
        setScreen(screen);
        move(screen->geometry().topLeft());
    }
    showFullScreen();
    view_->setFocus();
}

void PrompterWindow::leaveFullScreen() {
    if (!isFullScreen()) {
        return;
    }
    showNormal();
    if (!restoreState(QSettings().value(QStringLiteral("prompter/windowState")).toByteArray())) {
        dock_->show();
    }
    for (QToolBar* bar : findChildren<QToolBar*>()) {
        bar->show();
    }
    view_->setFocus();
}

void PrompterWindow::closeEvent(QCloseEvent* event) {
    leaveFullScreen();
    QSettings s;
    s.setValue(QStringLiteral("prompter/windowGeometry"), saveGeometry());
    s.setValue(QStringLiteral("prompter/windowState"), saveState());
    QMainWindow::closeEvent(event);
}

} // namespace onair::ui
