import { Color, Group, InstancedMesh, Matrix4, MeshBasicMaterial, OctahedronGeometry, type Raycaster } from 'three';
import { NEUTRAL_COLOUR, SensorMarkerBook, type SensorMarker } from '../core';

/** Live sensors: viridis' brightest stop, the palette's "most" end; readable on grey and in greyscale. */
export const LIVE_MARKER_COLOUR = 0xfde725;
/** Stale sensors (no recent reading): the grey the map uses for "no value". */
export const STALE_MARKER_COLOUR = (NEUTRAL_COLOUR[0] << 16) | (NEUTRAL_COLOUR[1] << 8) | NEUTRAL_COLOUR[2];
const MIN_CAPACITY = 64;

/**
 * Every sensor marker of the map in ONE instanced mesh (one draw call however many sensors): instance i is
 * marker i of a {@link SensorMarkerBook}. The instance buffers grow by doubling, shrink when three quarters
 * are unused, and are freed when the last marker goes.
 */
export class SensorMarkers {
  readonly group = new Group();
  private readonly geometry = new OctahedronGeometry(1, 0);
  private readonly material = new MeshBasicMaterial({ color: 0xffffff });
  private mesh: InstancedMesh | null = null;
  private size_ = 4;
  private readonly matrix = new Matrix4();
  private readonly colour = new Color();

  constructor() {
    this.group.name = 'twin-sensor-markers';
  }

  /** Instances the buffers hold now (0 when freed). */
  get capacity(): number {
    return this.mesh?.instanceMatrix.count ?? 0;
  }

  /** Markers drawn now. */
  get count(): number {
    return this.mesh?.count ?? 0;
  }

  get visible(): boolean {
    return this.group.visible;
  }

  set visible(visible: boolean) {
    this.group.visible = visible;
  }

  /** Marker size in metres (its half width; it stands on its point two sizes above the feature's top). */
  get size(): number {
    return this.size_;
  }

  /** Resizes the markers (the viewer scales them with the camera distance); false when too small a change to redraw. */
  setSize(size: number): boolean {
    if (Math.abs(size - this.size_) < this.size_ * 0.15) return false;
    this.size_ = size;
    return true;
  }

  /**
   * Writes every marker's state colour (live or stale at `now`) from the book and, unless `coloursOnly` (a live
   * frame changes states, never places), its place and size.
   */
  sync(book: SensorMarkerBook, now: number, coloursOnly = false): void {
    const mesh = coloursOnly && this.mesh?.count === book.count ? this.mesh : this.ensureCapacity(book.count);
    if (!mesh) return;
    const markers = book.markers;
    for (let i = 0; i < markers.length; i++) {
      mesh.setColorAt(i, this.colour.setHex(SensorMarkerBook.isLive(markers[i], now) ? LIVE_MARKER_COLOUR : STALE_MARKER_COLOUR));
    }
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    if (coloursOnly && mesh.count === markers.length) return;
    for (let i = 0; i < markers.length; i++) {
      const [x, y, z] = markers[i].position;
      this.matrix.makeScale(this.size_, this.size_ * 1.6, this.size_).setPosition(x, y + this.size_ * 2, z);
      mesh.setMatrixAt(i, this.matrix);
    }
    mesh.count = markers.length;
    mesh.instanceMatrix.needsUpdate = true;
    mesh.boundingSphere = null; // recomputed for picking from the new places
  }

  /** The marker the ray hits first, or null (hidden markers are never hit). */
  pick(raycaster: Raycaster, book: SensorMarkerBook): { marker: SensorMarker; distance: number } | null {
    if (!this.group.visible || !this.mesh || this.mesh.count === 0) return null;
    const hit = raycaster.intersectObject(this.mesh, false).find((h) => h.instanceId !== undefined && h.instanceId < book.count);
    return hit ? { marker: book.markers[hit.instanceId!], distance: hit.distance } : null;
  }

  private ensureCapacity(count: number): InstancedMesh | null {
    const capacity = this.capacity;
    if (count === 0) {
      this.release();
      return null;
    }
    if (this.mesh && count <= capacity && (count > capacity / 4 || capacity <= MIN_CAPACITY)) return this.mesh;
    let next = MIN_CAPACITY;
    while (next < count) next *= 2;
    this.release();
    const mesh = new InstancedMesh(this.geometry, this.material, next);
    mesh.name = 'sensor-markers';
    mesh.frustumCulled = false; // markers span the city; one mesh, no per-marker culling to gain
    mesh.setColorAt(0, this.colour.setHex(STALE_MARKER_COLOUR)); // allocates instanceColor
    this.mesh = mesh;
    this.group.add(mesh);
    return mesh;
  }

  /** Frees the instance buffers (the shared geometry and material stay until dispose). */
  private release(): void {
    if (!this.mesh) return;
    this.mesh.removeFromParent();
    this.mesh.dispose();
    this.mesh = null;
  }

  dispose(): void {
    this.release();
    this.geometry.dispose();
    this.material.dispose();
    this.group.removeFromParent();
  }
}
