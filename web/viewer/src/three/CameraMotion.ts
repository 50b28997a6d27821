import { Vector3 } from 'three';
import type { CameraPose, TwinScene } from './TwinScene';

const FLIGHT_MS = 900;
/** Attract tour: one turn around the city in this many seconds. */
const TOUR_TURN_SECONDS = 90;

/**
 * Camera moves that are not the mouse's: keyboard steps, flights to a place, the exhibit's attract
 * tour. With reduced motion a flight is a cut and the tour does not move.
 */
export class CameraMotion extends EventTarget {
  reducedMotion = false;
  private flight = 0;
  private tour = 0;

  constructor(private readonly scene: TwinScene) {
    super();
  }

  get touring(): boolean {
    return this.tour !== 0;
  }

  get flying(): boolean {
    return this.flight !== 0;
  }

  /** Goes to `pose`, animated unless motion is reduced. */
  flyTo(pose: CameraPose): void {
    this.stop();
    if (this.reducedMotion) {
      this.scene.setPose(pose);
      return;
    }
    const from = this.scene.pose;
    const start = performance.now();
    const step = (now: number) => {
      const t = Math.min(1, (now - start) / FLIGHT_MS);
      const k = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
      if (t < 1) {
        this.scene.setPose({ position: from.position.clone().lerp(pose.position, k), target: from.target.clone().lerp(pose.target, k), radius: pose.radius }, true);
        this.flight = requestAnimationFrame(step);
      } else {
        this.flight = 0;
        this.scene.setPose(pose);
        this.dispatchEvent(new Event('flight-end'));
      }
    };
    this.flight = requestAnimationFrame(step);
  }

  /** Pans by a fraction of the view's size: x to the right, y forward (on the ground). */
  pan(right: number, forward: number): void {
    this.stop();
    const { position, target, radius } = this.scene.pose;
    const distance = position.distanceTo(target);
    const ahead = target.clone().sub(position).setY(0);
    if (ahead.lengthSq() < 1e-6) ahead.set(0, 0, -1);
    ahead.normalize();
    const side = new Vector3(-ahead.z, 0, ahead.x);
    const move = side.multiplyScalar(right * distance).addScaledVector(ahead, forward * distance);
    this.scene.setPose({ position: position.add(move), target: target.add(move), radius }, true);
  }

  /** Moves towards (factor < 1) or away from (factor > 1) the target, within the controls' limits. */
  zoom(factor: number): void {
    this.stop();
    const { position, target, radius } = this.scene.pose;
    const offset = position.clone().sub(target);
    const controls = this.scene.controls;
    const length = Math.min(Math.max(offset.length() * factor, Math.max(controls.minDistance, 2)), controls.maxDistance);
    offset.setLength(length);
    this.scene.setPose({ position: target.clone().add(offset), target, radius }, true);
  }

  /** Starts circling the target slowly (the exhibit's attract loop); nothing moves with reduced motion. */
  startTour(): void {
    this.stop();
    if (this.reducedMotion) return;
    let last = performance.now();
    const step = (now: number) => {
      const angle = (((now - last) / 1000) * 2 * Math.PI) / TOUR_TURN_SECONDS;
      last = now;
      const { position, target, radius } = this.scene.pose;
      const offset = position.clone().sub(target).applyAxisAngle(new Vector3(0, 1, 0), angle);
      this.scene.setPose({ position: target.clone().add(offset), target, radius }, true);
      this.tour = requestAnimationFrame(step);
    };
    this.tour = requestAnimationFrame(step);
  }

  /** Stops a flight (where it is) and the tour. */
  stop(): void {
    cancelAnimationFrame(this.flight);
    cancelAnimationFrame(this.tour);
    this.flight = 0;
    this.tour = 0;
  }
}
