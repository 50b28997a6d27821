import {
  AmbientLight,
  Box3,
  Color,
  DirectionalLight,
  HemisphereLight,
  PerspectiveCamera,
  Plane,
  Raycaster,
  Scene,
  Vector2,
  Vector3,
  WebGLRenderer,
} from 'three';
import { MapControls } from 'three/examples/jsm/controls/MapControls.js';

/** The ground (y = 0 in the viewer's frame: x east, y up, z -north). */
const GROUND = new Plane(new Vector3(0, 1, 0), 0);

/** A camera position looking at a target; `radius` is the size of what it frames. */
export interface CameraPose {
  position: Vector3;
  target: Vector3;
  radius: number;
}

/**
 * The renderer, camera, lights and map controls. Renders on demand: anything that changes the
 * picture calls {@link requestRender}, and at most one frame is drawn per animation frame, so an
 * idle viewer costs nothing and drawCalls always describes exactly one frame.
 */
export class TwinScene extends EventTarget {
  readonly renderer: WebGLRenderer;
  readonly scene = new Scene();
  readonly camera = new PerspectiveCamera(45, 1, 1, 20000);
  readonly controls: MapControls;
  /** `renderer.info.render.calls` of the last frame drawn. */
  lastDrawCalls = 0;
  /** performance.now() when a frame first drew anything (the city on screen), null before. */
  firstDrawAt: number | null = null;
  private frameRequested = 0;
  private readonly resizeObserver: ResizeObserver;
  private readonly raycaster = new Raycaster();
  private readonly beforeRender: (() => void)[] = [];
  private poseRadius = 10;

  constructor(readonly canvas: HTMLCanvasElement) {
    super();
    this.renderer = new WebGLRenderer({ canvas, antialias: true, powerPreference: 'high-performance' });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    // autoReset (the default) zeroes info at each render(); one render per frame keeps it per frame.
    this.renderer.info.autoReset = true;
    this.scene.background = new Color(0xdde3ea);

    const hemisphere = new HemisphereLight(0xffffff, 0x8a8f99, 1.6);
    const sun = new DirectionalLight(0xffffff, 1.8);
    sun.position.set(-0.5, 1, 0.35).normalize();
    this.scene.add(hemisphere, sun, new AmbientLight(0xffffff, 0.25));

    this.controls = new MapControls(this.camera, canvas);
    this.controls.enableDamping = false;
    // Keys are handled by CameraMotion (arrows, WASD, +/-), so that they work the same in every mode.
    this.controls.maxPolarAngle = Math.PI * 0.48;
    this.controls.addEventListener('change', () => this.requestRender());

    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(canvas);
    this.resize();
  }

  /** Changes the sky colour (high contrast uses black). */
  setBackground(colour: number): void {
    (this.scene.background as Color).set(colour);
    this.requestRender();
  }

  /** Schedules one render on the next animation frame (coalesced). */
  requestRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = requestAnimationFrame(() => {
      this.frameRequested = 0;
      this.renderNow();
    });
  }

  /** Renders immediately. */
  renderNow(): void {
    // The tiles renderer selects tiles from the camera's world matrix in the hooks; three.js would
    // only update it inside render(), after them. A camera just moved (framing a tileset, lookAt)
    // was otherwise seen where it had been, nothing new loaded and no later render came to fix it.
    this.camera.updateMatrixWorld();
    for (const hook of this.beforeRender) hook();
    if (this.split) this.renderSplit(this.split);
    else {
      this.renderer.render(this.scene, this.camera);
      this.lastDrawCalls = this.renderer.info.render.calls;
    }
    if (this.firstDrawAt === null && this.lastDrawCalls > 0) this.firstDrawAt = performance.now();
    this.dispatchEvent(new CustomEvent('frame-rendered', { detail: { drawCalls: this.lastDrawCalls } }));
  }

  /**
   * Swipe comparison: left of `at` (0..1 of the width) is drawn after `left()` has set its colours,
   * the rest after `right()`; null draws the whole view once. Both halves share camera and tiles.
   */
  split: SplitView | null = null;

  private renderSplit(split: SplitView): void {
    const size = this.renderer.getSize(new Vector2());
    const x = Math.round(size.x * Math.min(1, Math.max(0, split.at)));
    let calls = 0;
    this.renderer.setScissorTest(true);
    for (const [paint, from, width] of [[split.left, 0, x], [split.right, x, size.x - x]] as const) {
      paint();
      this.renderer.setScissor(from, 0, width, size.y);
      this.renderer.render(this.scene, this.camera);
      calls += this.renderer.info.render.calls;
    }
    this.renderer.setScissorTest(false);
    this.lastDrawCalls = calls;
  }

  /** Runs `hook` before each render (tile streaming updates with the camera there). */
  onBeforeRender(hook: () => void): void {
    this.beforeRender.push(hook);
  }

  /** Points the camera at `box` from the south-east, high enough to see all of it. */
  frame(box: Box3): void {
    const pose = this.poseFor(box);
    if (pose) this.setPose(pose);
  }

  /** Where the camera goes to see all of `box` from the south-east; null for an empty box. */
  poseFor(box: Box3): CameraPose | null {
    if (box.isEmpty()) return null;
    const centre = box.getCenter(new Vector3());
    const size = box.getSize(new Vector3());
    const radius = Math.max(size.length() / 2, 10);
    const fov = (this.camera.fov * Math.PI) / 180;
    const distance = radius / Math.sin(Math.min(fov, fov * this.camera.aspect) / 2);
    const direction = new Vector3(0.35, 0.8, 0.5).normalize();
    return { position: centre.clone().addScaledVector(direction, distance), target: centre, radius };
  }

  /** The camera's pose now. */
  get pose(): CameraPose {
    return { position: this.camera.position.clone(), target: this.controls.target.clone(), radius: this.poseRadius };
  }

  /** Moves the camera (clip planes follow the distance; zooming out stops at 3x the framed distance). */
  setPose(pose: CameraPose, keepLimits = false): void {
    const distance = pose.position.distanceTo(pose.target);
    this.camera.position.copy(pose.position);
    this.controls.target.copy(pose.target);
    if (!keepLimits) {
      this.poseRadius = pose.radius;
      this.camera.near = Math.max(0.5, distance / 1000);
      this.camera.far = distance * 4 + pose.radius * 2;
      this.camera.updateProjectionMatrix();
      this.controls.maxDistance = distance * 3;
    }
    this.controls.update();
    this.requestRender();
  }

  /** A ray from the camera through a point given in client (CSS pixel) coordinates. */
  raycasterAt(clientX: number, clientY: number): Raycaster {
    const rect = this.canvas.getBoundingClientRect();
    const ndc = new Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    this.raycaster.setFromCamera(ndc, this.camera);
    return this.raycaster;
  }

  /**
   * The ground point (local frame: metres east and north of the city origin) under client
   * coordinates, or null when the ray misses the ground (pointing at the sky).
   */
  groundAt(clientX: number, clientY: number): { east: number; north: number } | null {
    const hit = this.raycasterAt(clientX, clientY).ray.intersectPlane(GROUND, new Vector3());
    return hit ? { east: hit.x, north: -hit.z } : null;
  }

  /** Client coordinates of a world point, or null when it is behind the camera or off the canvas. */
  toClient(point: Vector3): { x: number; y: number } | null {
    const ndc = point.clone().project(this.camera);
    if (ndc.z < -1 || ndc.z > 1 || Math.abs(ndc.x) > 1 || Math.abs(ndc.y) > 1) return null;
    const rect = this.canvas.getBoundingClientRect();
    return { x: rect.left + ((ndc.x + 1) / 2) * rect.width, y: rect.top + ((1 - ndc.y) / 2) * rect.height };
  }

  private resize(): void {
    const width = this.canvas.clientWidth || 1;
    const height = this.canvas.clientHeight || 1;
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.dispatchEvent(new Event('resize'));
    this.requestRender();
  }

  dispose(): void {
    cancelAnimationFrame(this.frameRequested);
    this.resizeObserver.disconnect();
    this.controls.dispose();
    this.renderer.dispose();
  }
}

/** The two colour states of a swipe comparison and where the divider is. */
export interface SplitView {
  at: number;
  left(): void;
  right(): void;
}
