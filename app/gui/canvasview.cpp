#include "canvasview.h"

#include "canvasscene.h"

#include <QMouseEvent>
#include <QWheelEvent>

#include <algorithm>

namespace scalelab::gui {

CanvasView::CanvasView(CanvasScene* scene, QWidget* parent) : QGraphicsView(scene, parent), m_scene(scene)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setAcceptDrops(true);
    setTransformationAnchor(AnchorUnderMouse);
    setViewportUpdateMode(FullViewportUpdate);
    connect(scene, &CanvasScene::modeChanged, this, &CanvasView::applyMode);
    applyMode();
}

void CanvasView::applyMode()
{
    switch (m_scene->mode()) {
    case CanvasScene::Mode::Select:
        setDragMode(RubberBandDrag);
        viewport()->unsetCursor();
        break;
    case CanvasScene::Mode::Connect:
        setDragMode(NoDrag);
        viewport()->setCursor(Qt::CrossCursor);
        break;
    case CanvasScene::Mode::Pan:
        setDragMode(ScrollHandDrag);
        break;
    }
}

void CanvasView::scaleBy(double factor)
{
    const double target = std::clamp(zoom() * factor, 0.2, 4.0);
    scale(target / zoom(), target / zoom());
}

void CanvasView::zoomIn() { scaleBy(1.25); }
void CanvasView::zoomOut() { scaleBy(1 / 1.25); }
void CanvasView::resetZoom() { setTransform(QTransform()); }

void CanvasView::fitToWindow()
{
    QRectF r;
    for (auto* i : m_scene->items())
        if (i->type() > QGraphicsItem::UserType)
            r = r.united(i->sceneBoundingRect());
    if (r.isEmpty())
        return;
    fitInView(r.adjusted(-30, -30, 30, 30), Qt::KeepAspectRatio);
    if (zoom() > 1.0)
        resetZoom();
    centerOn(r.center());
}

void CanvasView::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        scaleBy(event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15);
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void CanvasView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::MiddleButton) {
        // Middle-button panning in any mode: replay the press as a left press in hand-drag mode.
        m_middlePan = true;
        setDragMode(ScrollHandDrag);
        QMouseEvent press(event->type(), event->position(), event->globalPosition(), Qt::LeftButton, Qt::LeftButton,
                          event->modifiers());
        QGraphicsView::mousePressEvent(&press);
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void CanvasView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_middlePan && event->button() == Qt::MiddleButton) {
        QMouseEvent release(event->type(), event->position(), event->globalPosition(), Qt::LeftButton, Qt::NoButton,
                            event->modifiers());
        QGraphicsView::mouseReleaseEvent(&release);
        m_middlePan = false;
        applyMode();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

} // namespace scalelab::gui
